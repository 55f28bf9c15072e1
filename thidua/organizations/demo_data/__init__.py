"""Demo data at Hanoi scale: the real units of the Sở Y tế Hà Nội, their khoa/phòng, 40.000
plausible people, clusters and one account per role — deterministic from a seed.

- `plan`: the data set as plain values (`build_demo_plan`); pure, no Django.
- `catalogue`: names, positions, khoa/phòng and wards the plan draws from; pure data.
- `install`: writes a plan in one transaction (`install_demo_plan`); `seed_demo_data("hanoi")`
  builds and installs. `manage.py seed_demo` and `bench/scale.py` call it.
"""
