"""(to be written: pure module validation, no Django)"""
