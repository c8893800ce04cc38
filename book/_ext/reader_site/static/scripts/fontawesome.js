/* Replaces pydata-sphinx-theme's 1.5 MB Font Awesome SVG script. The theme's stylesheet
   already draws every icon this book uses from the Font Awesome web fonts, so the script
   only added weight before the page was ready (see book/_ext/reader_site). */
