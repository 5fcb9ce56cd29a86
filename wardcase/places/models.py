"""Wards of the council."""

from django.db import models


class Ward(models.Model):
    """An electoral ward; cases are counted by it and multi-member colleagues share it."""

    council = models.ForeignKey("directory.Council", on_delete=models.PROTECT, related_name="wards")
    name = models.CharField(max_length=200)
    gss_code = models.CharField(
        "ONS GSS code", max_length=9, blank=True, help_text="For example E05012345."
    )

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["council", "name"], name="ward_unique_name")]

    def __str__(self):
        return self.name
