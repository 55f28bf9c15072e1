"""(to be written: pure module aggregation, no Django)"""
