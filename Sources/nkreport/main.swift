print("nkreport")
