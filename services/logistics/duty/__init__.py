"""节假日值班: holiday duty rosters, swaps with a leader's approval, reminders before each shift."""
