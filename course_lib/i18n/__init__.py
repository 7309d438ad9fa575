"""The course in other languages, from one source (the English chapters).

==============  =====================================================================
``cells``       what of a notebook is translated: Markdown cells whole, and the
                comments of code cells (code is shared); applying translations
``catalog``     gettext catalogues ``i18n/<locale>/…/<notebook>.po`` whose message ids
                are the English texts: update them, find missing and stale entries
``build``       the translated notebooks (``notebooks/zh/``, ``solutions/zh/``,
                ``exercises/zh/``), written from the English ones and the catalogues
==============  =====================================================================

A changed English cell no longer matches its message id: the catalogue's entry turns
*fuzzy* (stale) on the next update, ``crm-course i18n check`` names it, and the build refuses
the notebook instead of falling back to English.
"""

#: Languages the course is built in besides English: code → gettext locale folder.
LANGUAGES = {"zh": "zh_CN"}
