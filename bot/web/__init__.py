"""The browser side of ``goyang-bot serve``: the staff console (``/staff``)."""
