"""reportgen — compiles the Lao annual anti-human-trafficking report from committee workbooks."""

__version__ = "0.1.0"
