"""Red team 20's spellings of numbers (ordinals, Roman numerals, ordinal words) for the attack tests of
tests/attacks/test_redteam20_used_numbers_and_ordinals.py."""
from __future__ import annotations

import re
U = ["nul","een","twee","drie","vier","vijf","zes","zeven","acht","negen","tien","elf","twaalf","dertien","veertien",
     "vijftien","zestien","zeventien","achttien","negentien"]
T = {2:"twintig",3:"dertig",4:"veertig",5:"vijftig",6:"zestig",7:"zeventig",8:"tachtig",9:"negentig"}
def w2(n):
    if n < 20: return U[n]
    t, u = divmod(n, 10)
    if u == 0: return T[t]
    return U[u] + ("ën" if U[u].endswith("e") else "en") + T[t]
def ordw(n):
    if n == 1: return "eerste"
    if n == 3: return "derde"
    if n == 8: return "achtste"
    if n < 20: return U[n] + "de"
    return w2(n) + "ste"
ROM = {0:"o",1:"i",2:"ii",3:"iii",4:"iv",5:"v",6:"vi",7:"vii",8:"viii",9:"ix"}
def chunks(s):
    out, i = [], 0
    while i < len(s):
        if s[i] == '0' or i == len(s)-1: out.append(s[i]); i += 1
        else: out.append(s[i:i+2]); i += 2
    return out
