"""Records a bureau keeps beside its projects, in the browser: relocated units and merchant
relocations (issue 20). Part of the `projects` app; its models live in projects/models/records.py.
"""
