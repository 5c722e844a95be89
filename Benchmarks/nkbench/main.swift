print("nkbench: not built yet")
