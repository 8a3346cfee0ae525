"""Running many essays: batches on threads, processes or a Dask cluster, the cache, progress."""
