print("swarmtop")
