/*
 * The report's charts as inline SVG (see out_html.h): plain rectangles,
 * lines and text in a viewBox that scales to the page, Chinese labels in
 * the page's font. Sizes are in CSS pixels of a 680-wide figure, about
 * the text width of A4 portrait, so that 12-pixel labels print at 9pt.
 */
#include <math.h>
#include <string.h>

#include "out_html.h"
#include "view.h"

#define WIDTH 680.0
#define FONT 12.0
#define PITCH 26.0   /* from one bar to the next */
#define BAR 18.0     /* a bar's height */
#define TICKS 5      /* gridlines aimed at */

static const char *const verdict_fill[] = {"#c62828", "#2e7d32", "#9e9e9e"};

/* A text's width in pixels, CJK counted twice as wide as Latin. */
static double text_px(const char *s)
{
    return (double)sc_text_width(s) * FONT * 0.55;
}

/* A step of 1, 2, 2.5 or 5 times a power of ten that splits max into
 * about TICKS parts; whole numbers only for counts. */
static double nice_step(double max, int whole)
{
    if (!(max > 0))
        return 1.0;
    double raw = max / TICKS;
    double p = pow(10.0, floor(log10(raw)));
    double f = raw / p;
    double step = (f <= 1 ? 1 : f <= 2 ? 2 : (f <= 2.5 && !whole) ? 2.5 : f <= 5 ? 5 : 10) * p;
    return whole && step < 1 ? 1.0 : step;
}

static void svg_open(sc_out *o, double height, const char *title)
{
    sc_out_printf(o, "<svg class=\"chart\" viewBox=\"0 0 %.0f %.0f\" "
                     "role=\"img\" font-size=\"%.0f\"><title>", WIDTH, height, FONT);
    sc_html_text(o, title);
    sc_out_puts(o, "</title>\n");
}

static void text_at(sc_out *o, double x, double y, const char *anchor, const char *s)
{
    sc_out_printf(o, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">", x, y, anchor);
    sc_html_text(o, s);
    sc_out_puts(o, "</text>\n");
}

/* Gridlines and their values from left to left + width, over the plot's
 * height, the axis label centred under them. */
static void value_axis(sc_out *o, double left, double width, double top, double bottom,
                       double max, double step, int percent, const char *label)
{
    char num[32];
    for (double v = 0; v <= max + step / 2; v += step) {
        double x = left + width * v / max;
        sc_out_printf(o, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>\n",
                      x, top, x, bottom, v == 0 ? "#333" : "#d0d0d0");
        text_at(o, x, bottom + FONT + 2, "middle",
                percent ? sc_percent(v, NAN, num) : sc_people_number(v, 2, 0, num, sizeof num));
    }
    text_at(o, left + width / 2, bottom + 2 * FONT + 8, "middle", label);
}

/* The room left of the plot for the longest of n labels, at most 200. */
static double label_margin(const char *const *labels, size_t n)
{
    double left = 8;
    for (size_t k = 0; k < n; k++)
        left = fmax(left, text_px(labels[k]));
    return fmin(left + 16, 200);
}

/* ---- stacked bars: awards per town and tier ---- */

void sc_svg_stack_chart(sc_out *o, const sc_stack_chart *c)
{
    double left = label_margin(c->cats, c->ncats);
    double right = 40, plot = WIDTH - left - right;
    /* the legend, wrapped to the width */
    double lx = left, ly = 0;
    size_t lines = 1;
    for (size_t s = 0; s < c->nseries; s++) {
        double w = 18 + text_px(c->series[s]) + 16;
        if (lx + w > WIDTH && lx > left) {
            lx = left;
            lines++;
        }
        lx += w;
    }
    double legend = lines * 20.0;
    double top = legend + 28, bottom = top + c->ncats * PITCH;
    size_t max = 0;
    for (size_t k = 0; k < c->ncats; k++) {
        size_t total = 0;
        for (size_t s = 0; s < c->nseries; s++)
            total += c->counts[k * c->nseries + s];
        max = total > max ? total : max;
    }
    double step = nice_step((double)max, 1);
    double axis_max = fmax(step, ceil((double)max / step) * step);
    svg_open(o, bottom + 2 * FONT + 16, c->title);
    lx = left;
    for (size_t s = 0; s < c->nseries; s++) {
        double w = 18 + text_px(c->series[s]) + 16;
        if (lx + w > WIDTH && lx > left) {
            lx = left;
            ly += 20;
        }
        sc_out_printf(o, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%s\"/>\n",
                      lx, ly + 2, sc_chart_colour(s));
        text_at(o, lx + 16, ly + 12, "start", c->series[s]);
        lx += w;
    }
    text_at(o, 0, top - 8, "start", c->cat_label);
    value_axis(o, left, plot, top, bottom, axis_max, step, 0, c->axis_label);
    for (size_t k = 0; k < c->ncats; k++) {
        double y = top + k * PITCH + (PITCH - BAR) / 2, x = left;
        text_at(o, left - 6, y + BAR / 2 + FONT / 2 - 1, "end", c->cats[k]);
        size_t total = 0;
        for (size_t s = 0; s < c->nseries; s++) {
            size_t n = c->counts[k * c->nseries + s];
            if (!n)
                continue;
            double w = plot * (double)n / axis_max;
            sc_out_printf(o, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.0f\" fill=\"%s\"/>\n",
                          x, y, w, BAR, sc_chart_colour(s));
            if (w >= FONT) /* the count inside its segment when it fits */
                sc_out_printf(o, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#fff\">%zu</text>\n",
                              x + w / 2, y + BAR / 2 + FONT / 2 - 1, n);
            x += w;
            total += n;
        }
        sc_out_printf(o, "<text x=\"%.1f\" y=\"%.1f\">%zu</text>\n", x + 4,
                      y + BAR / 2 + FONT / 2 - 1, total);
    }
    sc_out_puts(o, "</svg>\n");
}

/* ---- bars against requirements: a target per scope ---- */

static const char *value_text(const sc_mark_chart *c, double v, double beside, char buf[32])
{
    return c->percent ? sc_percent(v, beside, buf) : sc_people_number(v, c->digits, 0, buf, 32);
}

void sc_svg_mark_chart(sc_out *o, const sc_mark_chart *c)
{
    double left = label_margin(c->rows, c->n);
    double right = 150, plot = WIDTH - left - right;
    double max = 0;
    for (size_t k = 0; k < c->n; k++) {
        if (c->actual[k] == c->actual[k])
            max = fmax(max, c->actual[k]);
        if (c->required[k] == c->required[k])
            max = fmax(max, c->required[k]);
    }
    double step = nice_step(max, 0);
    double axis_max = fmax(step, ceil(max / step) * step);
    double top = 28, bottom = top + c->n * PITCH;
    svg_open(o, bottom + 2 * FONT + 16, c->title);
    /* the legend: what a bar and a marker are */
    sc_out_printf(o, "<rect x=\"%.1f\" y=\"4\" width=\"12\" height=\"12\" fill=\"%s\"/>\n", left,
                  verdict_fill[1]);
    text_at(o, left + 16, 14, "start", "实际（达标）");
    sc_out_printf(o, "<rect x=\"%.1f\" y=\"4\" width=\"12\" height=\"12\" fill=\"%s\"/>\n",
                  left + 110, verdict_fill[0]);
    text_at(o, left + 126, 14, "start", "实际（未达标）");
    sc_out_printf(o, "<line x1=\"%.1f\" y1=\"2\" x2=\"%.1f\" y2=\"18\" stroke=\"#000\" stroke-width=\"3\"/>\n",
                  left + 240, left + 240);
    text_at(o, left + 248, 14, "start", "要求");
    value_axis(o, left, plot, top, bottom, axis_max, step, c->percent, c->axis_label);
    char a[32], r[32];
    for (size_t k = 0; k < c->n; k++) {
        double y = top + k * PITCH + (PITCH - BAR) / 2, base = y + BAR / 2 + FONT / 2 - 1;
        int v = c->verdict[k] >= 0 && c->verdict[k] <= 2 ? c->verdict[k] : 2;
        text_at(o, left - 6, base, "end", c->rows[k]);
        double end = 0;
        if (c->actual[k] == c->actual[k]) {
            end = plot * fmax(c->actual[k], 0) / axis_max;
            sc_out_printf(o, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.0f\" fill=\"%s\"/>\n",
                          left, y, end, BAR, verdict_fill[v]);
        }
        if (c->required[k] == c->required[k]) {
            double x = left + plot * fmax(c->required[k], 0) / axis_max;
            sc_out_printf(o, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#000\" stroke-width=\"3\"/>\n",
                          x, y - 3, x, y + BAR + 3);
            end = fmax(end, x - left);
        }
        sc_out_printf(o, "<text x=\"%.1f\" y=\"%.1f\">", left + end + 6, base);
        sc_html_text(o, c->actual[k] == c->actual[k] ? value_text(c, c->actual[k], c->required[k], a)
                                                     : "无数据");
        sc_out_puts(o, " / 要求 ");
        sc_html_text(o, value_text(c, c->required[k], NAN, r));
        sc_out_puts(o, "</text>\n");
    }
    sc_out_puts(o, "</svg>\n");
}
