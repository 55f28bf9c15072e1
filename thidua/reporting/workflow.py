"""(to be written: pure module workflow, no Django)"""
