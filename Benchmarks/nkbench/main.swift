// nkbench: `make bench`. See Benchmarks/README.md.
NKBench.main()
