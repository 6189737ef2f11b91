"""socialmaturity: how far an organisation has come on the road to social business."""

__version__ = "0.1.0"
