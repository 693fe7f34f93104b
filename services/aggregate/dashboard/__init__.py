"""The dashboard (工作看板): the figures of a year for people in a browser, with sign-in."""
