"""Places: 청취다방 cafés, youth and startup spaces, and the gazetteer that finds them.

Pure domain logic (no I/O besides reading content files):
``hangul`` (normalising typed names), ``gazetteer`` (place names → coordinates),
``hours`` (opening hours, open now in Asia/Seoul with Korean public holidays),
``geo`` (distances, walking time, nearest-N search), ``maplinks`` (Kakao/Naver map URLs),
``csv_import`` (staff spreadsheets → places) and ``loader`` (the YAML files).
"""
