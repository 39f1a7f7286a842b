"""Tagged articles -> SitePlan -> (path, bytes) pairs.

`plan.py` decides which pages exist and what each shows (pure data, so `serve`
can tell which pages an edit touches); `pages.py` and `feeds.py` turn a plan
into bytes; nothing here writes files.
"""
