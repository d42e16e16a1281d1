"""The Ray executor (`--executor ray`): a run's work as Ray Data operators on a local Ray or a cluster.

    executor.py   the executor the runner drives: the dataset, the results back to the driver
    operators.py  what runs on the workers: prepare tasks, the translate actor, write tasks
    cluster.py    starting or joining Ray, the resources per actor, the shared-storage check
    memory.py     the translation memory on a cluster: a read-only snapshot out, new entries back

Ray is an optional extra (`pip install 'translator[ray]'`); nothing here imports it at load time.
"""
