/* used by out_report.c; defined by out_html.c (text into HTML) and
 * out_svg.c (the charts); uses out.h (the sink). */
/*
 * The pieces of the 考核验收 report: text escaped for HTML, cells and
 * verdict badges, and two charts drawn as inline SVG by our own code (no
 * library, no script), so that the file needs nothing but a browser.
 */
#ifndef SCORE_OUT_HTML_H
#define SCORE_OUT_HTML_H

#include <stddef.h>

#include "out.h"

/* Text with & < > " ' escaped (NULL is nothing); valid in element
 * content and in quoted attributes alike. */
void sc_html_text(sc_out *o, const char *s);
/* <TAG>text</TAG>, and <TAG class="CLS">text</TAG> when cls is given. */
void sc_html_element(sc_out *o, const char *tag, const char *cls, const char *text);
/* A table cell (<td>), "—" when the text is NULL or empty. */
void sc_html_cell(sc_out *o, const char *text);
/* A target verdict (0 not met, 1 met, 2 unknown) as a coloured word. */
void sc_html_verdict(sc_out *o, int verdict, const char *word);

/* The report's <style> element: screen and print (A4 portrait). */
void sc_html_style(sc_out *o);

/* The colour of series i (tiers, highest first), as "#rrggbb". */
const char *sc_chart_colour(size_t i);

/* Stacked horizontal bars: one bar per category (a town), one segment
 * per series (a tier), counts[cat * nseries + series]; a legend above,
 * the count axis below. */
typedef struct sc_stack_chart {
    const char *title;       /* read by screen readers (<title>) */
    const char *axis_label;  /* under the count axis */
    const char *cat_label;   /* over the category names */
    size_t ncats, nseries;
    const char *const *cats;
    const char *const *series;
    const size_t *counts;
} sc_stack_chart;

void sc_svg_stack_chart(sc_out *o, const sc_stack_chart *c);

/* Horizontal bars of actual values with a marker at each requirement:
 * one bar per row (a scope), coloured by its verdict (0, 1, 2 as above);
 * shares are fractions drawn in %. NaN actual draws no bar. */
typedef struct sc_mark_chart {
    const char *title;
    const char *axis_label;
    size_t n;
    const char *const *rows;
    const double *actual;
    const double *required;
    const int *verdict;
    int percent;
    int digits; /* of values that are not shares (-1: 2) */
} sc_mark_chart;

void sc_svg_mark_chart(sc_out *o, const sc_mark_chart *c);

#endif
