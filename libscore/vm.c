/*
 * The VM: runs a compiled program over a table, one batch of rows at a
 * time, each instruction a kernel (kernel.c) over the batch.
 */
#include <string.h>

#include "kernel.h"
#include "vm.h"

/* The registers that need storage (columns are read in place), and the
 * rows per batch for runs of at most `rows` rows. */
static size_t owned_regs(const sc_program *prog)
{
    size_t owned = 0;
    for (size_t r = 0; r < prog->nregs; r++)
        owned += prog->regs[r].kind != SC_REG_COLUMN;
    return owned;
}

static size_t batch_for(size_t owned, size_t rows)
{
    size_t batch = SC_BATCH;
    while (batch > 16 && (owned * batch * sizeof(double) > SC_VM_BUDGET || batch / 2 >= rows))
        batch /= 2;
    return batch;
}

size_t sc_vm_storage_bytes(const sc_program *prog, size_t rows)
{
    size_t owned = owned_regs(prog), batch = batch_for(owned, rows);
    if (owned > SIZE_MAX / sizeof(double) / batch)
        return 0;
    return (owned ? owned : 1) * batch * sizeof(double);
}

static int init(sc_vm *vm, const sc_program *prog, const score_table *t,
                const score_allocator *alloc, size_t rows, double *storage)
{
    memset(vm, 0, sizeof *vm);
    vm->alloc = alloc;
    vm->prog = prog;
    vm->table = t;
    vm->batch = batch_for(owned_regs(prog), rows);
    size_t bytes = sc_vm_storage_bytes(prog, rows);
    vm->ptr = sc_calloc(alloc, prog->nregs ? prog->nregs : 1, sizeof *vm->ptr);
    /* not zeroed: an instruction writes its register before any reads it */
    vm->borrowed = storage != NULL;
    vm->storage = storage ? storage : bytes ? sc_malloc(alloc, bytes) : NULL;
    if (!vm->ptr || !vm->storage) {
        sc_vm_free(vm);
        return -1;
    }
    double *next = vm->storage;
    for (size_t r = 0; r < prog->nregs; r++) {
        const sc_reg *reg = &prog->regs[r];
        if (reg->kind == SC_REG_COLUMN)
            continue;
        double *own = next;
        next += vm->batch;
        vm->ptr[r] = own;
        double v;
        switch (reg->kind) {
        case SC_REG_CONST:
            v = reg->value;
            break;
        case SC_REG_TEXT: {
            /* A text constant gets the table's code for that text, or a
             * code of its own beyond the dictionary: equal to nothing. */
            const char *s = prog->texts[reg->index];
            int64_t code = sc_dict_find(&t->dict, s, strlen(s));
            v = code >= 0 ? (double)code : (double)(t->dict.count + reg->index);
            break;
        }
        default:
            continue;
        }
        for (size_t i = 0; i < vm->batch; i++)
            own[i] = v;
    }
    return 0;
}

int sc_vm_init_rows(sc_vm *vm, const sc_program *prog, const score_table *t,
                    const score_allocator *alloc, size_t rows)
{
    return init(vm, prog, t, alloc, rows, NULL);
}

int sc_vm_init_in(sc_vm *vm, const sc_program *prog, const score_table *t,
                  const score_allocator *alloc, size_t rows, double *storage)
{
    return storage ? init(vm, prog, t, alloc, rows, storage) : -1;
}

int sc_vm_init(sc_vm *vm, const sc_program *prog, const score_table *t,
               const score_allocator *alloc)
{
    return sc_vm_init_rows(vm, prog, t, alloc, SIZE_MAX);
}

void sc_vm_run(sc_vm *vm, size_t start, size_t n)
{
    const sc_program *prog = vm->prog;
    for (size_t r = 0; r < prog->nregs; r++)
        if (prog->regs[r].kind == SC_REG_COLUMN)
            vm->ptr[r] = (double *)vm->table->cols[prog->regs[r].index].values + start;
    for (size_t k = 0; k < prog->ncode; k++) {
        const sc_instr *in = &prog->code[k];
        sc_kernel((sc_opcode)in->op, n, vm->ptr[in->dst], vm->ptr[in->a], vm->ptr[in->b],
                  vm->ptr[in->c]);
    }
}

void sc_vm_free(sc_vm *vm)
{
    sc_free(vm->alloc, vm->ptr);
    if (!vm->borrowed)
        sc_free(vm->alloc, vm->storage);
    vm->ptr = NULL;
    vm->storage = NULL;
}
