from wardcase.search.views.pages import saved_search_remove, saved_search_save, search

__all__ = ["saved_search_remove", "saved_search_save", "search"]
