"""The pages of the cel, the managementteam and the raad, thin: the rules are in the domain modules."""
