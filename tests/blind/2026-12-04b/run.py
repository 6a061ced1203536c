import sys, yaml, math
sys.path.insert(0, str(__import__('pathlib').Path(__file__).resolve().parent))
from db import connect
con = connect()
here = __import__('pathlib').Path(__file__).resolve().parent
files = sys.argv[1:] or [str(here / f) for f in ('beleid.yaml', 'raad.yaml', 'analist.yaml')]
tot_turns = 0; convs = 0; cats = {}; stat = {}
ids = set()
for f in files:
    data = yaml.safe_load(open(f))
    for conv in data:
        convs += 1
        assert conv['id'] not in ids, conv['id']; ids.add(conv['id'])
        turns = conv.get('turns') or [conv]
        for i, t in enumerate(turns):
            tot_turns += 1
            cat = t.get('category', conv.get('category'))
            cats[cat] = cats.get(cat, 0) + 1
            st = t['status']; stat[st] = stat.get(st, 0) + 1
            tag = f"{conv['id']}#{i+1}" if 'turns' in conv else conv['id']
            print(f"=== {tag} [{st}] {t['question']}")
            if 'sql' not in t:
                assert st in ('refused', 'clarification'), tag
                continue
            rel = con.sql(t['sql'])
            cols = rel.columns
            rows = rel.fetchall()
            vis = [c for c in cols if '__' not in c]
            assert vis == t['columns'], (tag, vis, t['columns'])
            nsup = 0
            for r in rows:
                d = dict(zip(cols, r)); out = []
                for c in vis:
                    v = d[c]; sup = False
                    n = d.get(c + '__n')
                    if n is not None and 1 <= n <= 9: sup = True
                    rest = d.get(c + '__rest')
                    if rest is not None and 1 <= rest <= 9: sup = True
                    mx = d.get(c + '__max')
                    if mx is not None:
                        base = d.get(c + '__total', v)
                        if base is not None and mx > 0.5 * base: sup = True
                    if sup: nsup += 1; out.append('<SUPP>')
                    else: out.append(round(v, 2) if isinstance(v, float) else v)
                extra = {k: (round(v,1) if isinstance(v,float) else v) for k, v in d.items() if '__' in k}
                print('   ', out, extra)
            if not rows: print('    (no rows)')
            exp = t['status']
            if nsup and exp == 'answered': print('    NOTE: has suppressed cells but status answered')
            if not nsup and exp == 'suppressed': print('    !!! status suppressed but nothing suppressed')
print('\nconversations', convs, 'turns', tot_turns)
print('status', stat)
print('categories', cats)
