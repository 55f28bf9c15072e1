"""(to be written: pure module scorecard, no Django)"""
