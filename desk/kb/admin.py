from django.contrib import admin

from desk.kb.models import Category


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin[Category]):
    list_display = ("slug", "name_en", "name_ru", "position")
    ordering = ("position", "slug")
