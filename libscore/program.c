/* Building a program: registers, text constants, instructions. */
#include <string.h>

#include "program.h"

void sc_program_init(sc_program *p, const score_allocator *alloc)
{
    memset(p, 0, sizeof *p);
    p->alloc = alloc;
}

void sc_program_free(sc_program *p)
{
    for (size_t i = 0; i < p->ntexts; i++)
        sc_free(p->alloc, p->texts[i]);
    sc_free(p->alloc, p->texts);
    sc_free(p->alloc, p->regs);
    sc_free(p->alloc, p->code);
    sc_program_init(p, p->alloc);
}

int64_t sc_program_reg(sc_program *p, sc_reg_kind kind, uint32_t index, double value)
{
    if (p->nregs >= UINT32_MAX ||
        sc_grow(p->alloc, (void **)&p->regs, &p->capregs, p->nregs + 1, sizeof *p->regs))
        return -1;
    sc_reg *r = &p->regs[p->nregs];
    r->kind = kind;
    r->index = index;
    r->value = value;
    return (int64_t)p->nregs++;
}

int64_t sc_program_text(sc_program *p, const char *s, size_t len)
{
    for (size_t i = 0; i < p->ntexts; i++)
        if (strlen(p->texts[i]) == len && memcmp(p->texts[i], s, len) == 0)
            return (int64_t)i;
    if (sc_grow(p->alloc, (void **)&p->texts, &p->captexts, p->ntexts + 1, sizeof *p->texts))
        return -1;
    char *copy = sc_strndup(p->alloc, s, len);
    if (!copy)
        return -1;
    p->texts[p->ntexts] = copy;
    return (int64_t)p->ntexts++;
}

int sc_program_emit(sc_program *p, sc_opcode op, uint32_t dst, uint32_t a, uint32_t b,
                    uint32_t c)
{
    if (sc_grow(p->alloc, (void **)&p->code, &p->capcode, p->ncode + 1, sizeof *p->code))
        return -1;
    sc_instr *in = &p->code[p->ncode++];
    in->op = (uint32_t)op;
    in->dst = dst;
    in->a = a;
    in->b = b;
    in->c = c;
    return 0;
}
