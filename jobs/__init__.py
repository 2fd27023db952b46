"""Analysis as jobs: work items, the pools that run them (local processes or Ray), the job queue."""
