"""(to be written: pure module ranking, no Django)"""
