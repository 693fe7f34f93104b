"""The portal's inbox: notifications per person and per unit, read marks, a live stream."""
