"""Two-factor authentication with django-otp: after the password, a code from an
authenticator app (TOTP) or a one-time recovery code.

``rules`` says who must use it and what a session still owes; ``services`` holds the use
cases (enrol, verify, recovery codes, turn off); ``middleware`` keeps a session that owes
a code away from every other page; ``views`` and ``forms`` are the pages.
"""
