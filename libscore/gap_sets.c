/*
 * Sets of numbers as a few disjoint intervals: where a field may go for
 * a requirement to hold. The solver maps a comparison's set backwards
 * through + - * / by constants, min, max and abs (gap_solve.c).
 */
#include <math.h>
#include <string.h>

#include "gap.h"

void sc_gset_all(sc_gset *s)
{
    s->n = 1;
    s->iv[0].lo = -INFINITY;
    s->iv[0].hi = INFINITY;
    s->iv[0].lo_open = s->iv[0].hi_open = 1;
}

static void add(sc_gset *s, double lo, int lo_open, double hi, int hi_open)
{
    if (lo > hi || (lo == hi && (lo_open || hi_open)) || s->n == SC_GSET_MAX)
        return;
    sc_interval *iv = &s->iv[s->n++];
    iv->lo = lo;
    iv->hi = hi;
    iv->lo_open = (unsigned char)lo_open;
    iv->hi_open = (unsigned char)hi_open;
}

void sc_gset_cmp(sc_gset *s, sc_tok_kind op, double k)
{
    s->n = 0;
    switch (op) {
    case SC_TOK_GE: add(s, k, 0, INFINITY, 1); break;
    case SC_TOK_GT: add(s, k, 1, INFINITY, 1); break;
    case SC_TOK_LE: add(s, -INFINITY, 1, k, 0); break;
    case SC_TOK_LT: add(s, -INFINITY, 1, k, 1); break;
    case SC_TOK_EQ: add(s, k, 0, k, 0); break;
    default: /* != */
        add(s, -INFINITY, 1, k, 1);
        add(s, k, 1, INFINITY, 1);
        break;
    }
}

int sc_gset_has(const sc_gset *s, double x)
{
    for (size_t i = 0; i < s->n; i++) {
        const sc_interval *iv = &s->iv[i];
        int above = iv->lo_open ? x > iv->lo : x >= iv->lo;
        int below = iv->hi_open ? x < iv->hi : x <= iv->hi;
        if (above && below)
            return 1;
    }
    return 0;
}

/* Sort by lower bound and merge what overlaps. */
static void normalize(sc_gset *s)
{
    for (size_t i = 1; i < s->n; i++)
        for (size_t j = i; j > 0 && s->iv[j].lo < s->iv[j - 1].lo; j--) {
            sc_interval t = s->iv[j];
            s->iv[j] = s->iv[j - 1];
            s->iv[j - 1] = t;
        }
    size_t m = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (m > 0) {
            sc_interval *p = &s->iv[m - 1];
            const sc_interval *q = &s->iv[i];
            int touch = q->lo < p->hi || (q->lo == p->hi && !(q->lo_open && p->hi_open));
            if (touch) {
                if (q->hi > p->hi || (q->hi == p->hi && !q->hi_open)) {
                    p->hi = q->hi;
                    p->hi_open = q->hi_open;
                }
                continue;
            }
        }
        s->iv[m++] = s->iv[i];
    }
    s->n = m;
}

void sc_gset_intersect(sc_gset *out, const sc_gset *a, const sc_gset *b)
{
    sc_gset r;
    r.n = 0;
    for (size_t i = 0; i < a->n; i++)
        for (size_t j = 0; j < b->n; j++) {
            const sc_interval *x = &a->iv[i], *y = &b->iv[j];
            double lo = fmax(x->lo, y->lo), hi = fmin(x->hi, y->hi);
            int lo_open = (lo == x->lo && x->lo_open) || (lo == y->lo && y->lo_open);
            int hi_open = (hi == x->hi && x->hi_open) || (hi == y->hi && y->hi_open);
            add(&r, lo, lo_open, hi, hi_open);
        }
    normalize(&r);
    *out = r;
}

/* {k - x : x in s} when reflect, then {x * f + d}: the image of s under
 * an increasing map after an optional reflection. */
void sc_gset_affine(sc_gset *s, int reflect, double f, double d)
{
    sc_gset r;
    r.n = 0;
    for (size_t i = 0; i < s->n; i++) {
        sc_interval iv = s->iv[i];
        if (reflect) {
            double lo = -iv.hi, hi = -iv.lo;
            int lo_open = iv.hi_open, hi_open = iv.lo_open;
            iv.lo = lo;
            iv.hi = hi;
            iv.lo_open = (unsigned char)lo_open;
            iv.hi_open = (unsigned char)hi_open;
        }
        add(&r, iv.lo * f + d, iv.lo_open, iv.hi * f + d, iv.hi_open);
    }
    normalize(&r);
    *s = r;
}

void sc_gset_union(sc_gset *s, const sc_gset *b)
{
    for (size_t i = 0; i < b->n; i++)
        add(s, b->iv[i].lo, b->iv[i].lo_open, b->iv[i].hi, b->iv[i].hi_open);
    normalize(s);
}

void sc_gset_complement(sc_gset *s)
{
    sc_gset r;
    r.n = 0;
    double lo = -INFINITY;
    int lo_open = 1;
    for (size_t i = 0; i < s->n; i++) {
        add(&r, lo, lo_open, s->iv[i].lo, !s->iv[i].lo_open);
        lo = s->iv[i].hi;
        lo_open = !s->iv[i].hi_open;
    }
    add(&r, lo, lo_open, INFINITY, 1);
    if (r.n && r.iv[0].lo == -INFINITY)
        r.iv[0].lo_open = 1;
    if (r.n && r.iv[r.n - 1].hi == INFINITY)
        r.iv[r.n - 1].hi_open = 1;
    *s = r;
}
