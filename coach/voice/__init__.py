"""Speech for the panel (the optional extra `coach[voice]`): speak questions, hear answers, offline.

Only the modules under `coach/voice/` that say so import the extra's packages, and only inside
functions, so `import coach.voice` and the core install stay light.
"""
