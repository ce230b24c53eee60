#!/usr/bin/env python3
"""Include and call graph of libscore/: circles between files.
Usage: python3 scripts/include-graph.py libscore [FILE.c...]
Edges: X.c -> Y.c when X.c calls a non-static function that Y.c defines
(definitions found at column 0), and X.c -> Z.c when X.c includes a header
whose functions Z.c defines. Prints the strongly connected components."""
import os, re, sys, collections
root = sys.argv[1]
files = sorted(f for f in os.listdir(root) if f.endswith(('.c', '.h')))
src = {f: open(os.path.join(root, f), encoding='utf-8').read() for f in files}
def strip(s):
    s = re.sub(r'/\*.*?\*/', ' ', s, flags=re.S)
    s = re.sub(r'//[^\n]*', ' ', s)
    s = re.sub(r'"(\\.|[^"\\\n])*"', '""', s)
    return s
clean = {f: strip(s) for f, s in src.items()}
inc = {f: re.findall(r'^\s*#\s*include\s+"([^"]+)"', src[f], re.M) for f in files}
# definitions: a line at column 0 that starts a function definition, non-static
defre = re.compile(r'^(?!static\b)(?!typedef\b)(?!#)[A-Za-z_][\w \*]*?\b([A-Za-z_]\w*)\s*\([^;{]*?\)\s*\{', re.M)
defs = {}
for f in files:
    if f.endswith('.c'):
        for m in defre.finditer(clean[f]):
            defs.setdefault(m.group(1), set()).add(f)
# header declarations -> which .c defines them
hdr_owner = collections.defaultdict(set)
for h in files:
    if h.endswith('.h'):
        for name in set(re.findall(r'\b([A-Za-z_]\w*)\s*\(', clean[h])):
            for c in defs.get(name, ()):
                hdr_owner[h].add(c)
calls = collections.defaultdict(set)
why = {}
for f in files:
    if not f.endswith('.c'): continue
    for name in set(re.findall(r'\b([A-Za-z_]\w*)\s*\(', clean[f])):
        for c in defs.get(name, ()):
            if c != f:
                calls[f].add(c); why.setdefault((f, c), name)
def cycles(g):
    # Tarjan SCC
    idx = {}; low = {}; st = []; on = set(); out = []; n = [0]
    sys.setrecursionlimit(10000)
    def sc(v):
        idx[v] = low[v] = n[0]; n[0] += 1; st.append(v); on.add(v)
        for w in g.get(v, ()):
            if w not in idx: sc(w); low[v] = min(low[v], low[w])
            elif w in on: low[v] = min(low[v], idx[w])
        if low[v] == idx[v]:
            comp = []
            while True:
                w = st.pop(); on.discard(w); comp.append(w)
                if w == v: break
            if len(comp) > 1: out.append(sorted(comp))
    for v in list(g):
        if v not in idx: sc(v)
    return out
# include graph among headers (header includes header)
hg = {f: set(i for i in inc[f] if i in src) for f in files}
print("== header include cycles:", cycles(hg) or "none")
# call graph among .c files
print("== call cycles between .c files:")
cc = cycles(calls)
for comp in cc:
    print("  ", comp)
    for a in comp:
        for b in sorted(calls[a]):
            if b in comp: print("      %s -> %s  (%s)" % (a, b, why[(a, b)]))
if not cc: print("   none")
# include-level: X.c includes Y.h whose functions are defined in Z.c -> X.c -> Z.c
ig = collections.defaultdict(set)
for f in files:
    if f.endswith('.c'):
        for h in inc[f]:
            for c in hdr_owner.get(h, ()):
                if c != f: ig[f].add(c)
print("== cycles via includes (X.c includes a header whose functions Z.c defines):")
ic = cycles(ig)
for comp in ic: print("  ", comp)
if not ic: print("   none")
if len(sys.argv) > 2:
    for f in sys.argv[2:]:
        print(f, "includes", inc.get(f), "calls into", sorted(calls.get(f, ())))
        print("   called from", sorted(a for a in calls if f in calls[a]))
