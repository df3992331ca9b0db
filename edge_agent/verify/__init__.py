"""Stage 6, verify: every outgoing creditor message is checked before anyone sees it.

``guard`` runs the checks in order (``ComplianceGuard``, ``GuardResult``); ``rules`` is the one
table of word rules; ``figures`` checks the days, the balance and any other figure;
``surface``, ``obligations`` and ``identity`` check what a reader sees, what a reply must
carry and who speaks; ``names`` masks the parties' names; ``context`` holds the types every
check shares.
"""
