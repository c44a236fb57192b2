#!/usr/bin/env python3
"""Redraws every page's text of a PDF in a random order: the same page to the eye, another
drawing order. Each piece of a line (what runs from one text positioning operator to the next)
becomes its own BT ... ET at its absolute position (Tm) with the text state it had; pieces are
shuffled among those drawn under the same transformation. Marked content (BDC/EMC) is dropped.

Used by hand to check that extraction does not depend on drawing order on real files (README,
"Where quality and speed stand"): extract the original and the redrawn file, compare the words.

Usage: python3 tests/tools/redraw_shuffled.py IN.pdf OUT.pdf SEED   (needs `pip install pikepdf`)
"""
import sys, random, pikepdf
from pikepdf import Operator as Op
def mul(m, n):  # m x n (PDF row-vector convention)
    a,b,c,d,e,f = m; A,B,C,D,E,F = n
    return [a*A+b*C, a*B+b*D, c*A+d*C, c*B+d*D, e*A+f*C+E, e*B+f*D+F]
STATE = {'Tf','Tc','Tw','Tz','TL','Ts','Tr'}
def page(pdf, pg, rng):
    ops = pikepdf.parse_content_stream(pg)
    out = []            # list of ('op', operands, op) or ('slot', ctx)
    segs = {}           # ctx -> list of segments
    ctx = []            # stack of cm-signatures
    cur_ctx = ()
    state = {}
    in_bt = False
    seg = None; tlm = None
    def flush():
        nonlocal seg
        if seg and any(o[1] in ('Tj','TJ',"'",'"') for o in seg['ops']):
            segs.setdefault(seg['ctx'], []).append(seg)
            out.append(('slot', seg['ctx']))
        seg = None
    def start(m):
        nonlocal seg
        flush()
        seg = {'ctx': cur_ctx, 'tm': list(m), 'state': dict(state), 'ops': []}
    stack_ctx = []
    for o in ops:
        name = str(o.operator); args = list(o.operands)
        if name in ('BDC','BMC','EMC','MP','DP'):
            continue
        if not in_bt:
            if name == 'q': stack_ctx.append(cur_ctx)
            elif name == 'Q': cur_ctx = stack_ctx.pop() if stack_ctx else ()
            elif name == 'cm': cur_ctx = cur_ctx + (tuple(float(x) for x in args),)
            if name == 'BT':
                in_bt = True; tlm = [1,0,0,1,0,0]; seg = None
                continue
            if name in STATE: state[name] = args
            out.append(('op', args, name)); continue
        # inside BT
        if name == 'ET':
            flush(); in_bt = False; continue
        if name in STATE:
            state[name] = args
            if seg: seg['ops'].append((args, name))
            continue
        if name == 'Tm':
            tlm = [float(x) for x in args]; start(tlm); continue
        if name in ('Td','TD'):
            tx, ty = float(args[0]), float(args[1])
            if name == 'TD': state['TL'] = [-ty]
            tlm = mul([1,0,0,1,tx,ty], tlm); start(tlm); continue
        if name == 'T*':
            tl = float(state.get('TL',[0])[0]); tlm = mul([1,0,0,1,0,-tl], tlm); start(tlm); continue
        if name in ("'", '"'):
            tl = float(state.get('TL',[0])[0]); tlm = mul([1,0,0,1,0,-tl], tlm); start(tlm)
            if name == '"':
                state['Tw'] = [args[0]]; state['Tc'] = [args[1]]
                seg['state'] = dict(state); seg['ops'].append(([args[2]], 'Tj'))
            else:
                seg['ops'].append(([args[0]], 'Tj'))
            continue
        if seg is None: start(tlm)
        seg['ops'].append((args, name))
    flush()
    for k in segs: rng.shuffle(segs[k])
    it = {k: iter(v) for k, v in segs.items()}
    new = []
    for kind, *rest in out:
        if kind == 'op':
            args, name = rest; new.append(pikepdf.ContentStreamInstruction(args, Op(name)))
        else:
            s = next(it[rest[0]])
            new.append(pikepdf.ContentStreamInstruction([], Op('BT')))
            for n2 in ('Tf','Tc','Tw','Tz','TL','Ts','Tr'):
                if n2 in s['state']: new.append(pikepdf.ContentStreamInstruction(s['state'][n2], Op(n2)))
            new.append(pikepdf.ContentStreamInstruction(s['tm'], Op('Tm')))
            for args, name in s['ops']: new.append(pikepdf.ContentStreamInstruction(args, Op(name)))
            new.append(pikepdf.ContentStreamInstruction([], Op('ET')))
    pg.Contents = pdf.make_stream(pikepdf.unparse_content_stream(new))
src, dst, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
rng = random.Random(seed)
pdf = pikepdf.open(src)
for pg in pdf.pages: page(pdf, pg, rng)
pdf.save(dst)
