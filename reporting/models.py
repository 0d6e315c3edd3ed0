"""The rapportering's models live in the apps that hold them: rounds, uploads, outputs, notifications."""
