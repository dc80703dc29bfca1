"""The SKM survey's web side: the questionnaire, the public results page, paper imports and
the CLI. The arithmetic and the report API live in formsvc/skm.py."""
