"""`outreach new`: placeholder until the scaffold lands."""
