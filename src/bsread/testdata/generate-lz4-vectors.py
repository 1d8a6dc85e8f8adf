# Generates src/bsread/testdata/lz4-vectors.json (dev-only; mirrors makeInput() in lz4-compress.test.ts)
import ctypes, struct, json, base64, hashlib, glob, os
l=ctypes.CDLL('liblz4.so.1')
l.LZ4_createStream.restype=ctypes.c_void_p
l.LZ4_freeStream.argtypes=[ctypes.c_void_p]
l.LZ4_compress_fast_continue.argtypes=[ctypes.c_void_p,ctypes.c_char_p,ctypes.c_char_p,ctypes.c_int,ctypes.c_int,ctypes.c_int]
l.LZ4_compress_default.argtypes=[ctypes.c_char_p,ctypes.c_char_p,ctypes.c_int,ctypes.c_int]
l.LZ4_versionString.restype=ctypes.c_char_p
def comp_default(b):
    cap=l.LZ4_compressBound(len(b)); buf=ctypes.create_string_buffer(cap+1)
    k=l.LZ4_compress_default(b,buf,len(b),cap); assert k>0; return buf.raw[:k]
def comp_stream(b):
    cap=l.LZ4_compressBound(len(b)); buf=ctypes.create_string_buffer(cap+1)
    s=l.LZ4_createStream(); k=l.LZ4_compress_fast_continue(s,b,buf,len(b),cap,1); l.LZ4_freeStream(s); assert k>0; return buf.raw[:k]
def dec(blk,size):
    out=ctypes.create_string_buffer(max(size,1)); n=l.LZ4_decompress_safe(blk,out,len(blk),size); assert n==size; return out.raw[:n]

M=0xffffffff
def xorshift32(seed):
    s=[(seed & M) or 1]
    def r():
        x=s[0]; x^=(x<<13)&M; x^=x>>17; x^=(x<<5)&M; s[0]=x; return x
    return r
WORDS=["SARFE10-PSSS059:SPECTRUM_Y","SINEG01-DBPM340:X1","bsread","pulse_id","global_timestamp","channels",
       "float64","uint16","shape","encoding","little","compression","lz4","the","beam","camera","image","waveform",
       "value","0.25","1e-3","-17","{","}",":",",","\"name\"","\"type\""]
def make(kind,seed,length,param):
    r=xorshift32(seed); a=bytearray(length)
    if kind=="zeros": pass
    elif kind=="random":
        for i in range(length): a[i]=r()&255
    elif kind=="pattern":
        for i in range(length): a[i]= (r()&255) if i<param else a[i-param]
    elif kind=="lowentropy":
        for i in range(length): a[i]=r()%param
    elif kind=="sparse":
        for i in range(length): a[i]= (r()&255) if r()%param==0 else 0
    elif kind=="text":
        parts=[]; n=0
        while n<length:
            w=WORDS[r()%len(WORDS)]+("\n" if r()%8==0 else " "); parts.append(w); n+=len(w)
        a=bytearray("".join(parts).encode("ascii")[:length])
    elif kind in ("f64ramp","f64noise"):
        cnt=(length+7)//8; out=bytearray()
        for i in range(cnt):
            v = 1000+i*0.001 if kind=="f64ramp" else 1000+(r()/4294967296-0.5)*0.01
            out+=struct.pack('<d',v)
        a=out[:length]
    elif kind=="u16image":
        cnt=(length+1)//2; W=param; H=(cnt+W-1)//W; cx=W>>1; cy=H>>1; out=bytearray()
        for idx in range(cnt):
            x=idx%W; y=idx//W; dx=x-cx; dy=y-cy
            peak=max(0,3000-((dx*dx+dy*dy)>>2)); v=min(65535,100+(r()&7)+peak)
            out+=struct.pack('<H',v)
        a=out[:length]
    else: raise ValueError(kind)
    assert len(a)==length
    return bytes(a)

specs=[]
def add(kind,seed,length,param=0): specs.append((kind,seed,length,param))
add("zeros",1,0)
for n in range(1,21):
    add("random",n,n); add("zeros",1,n); add("pattern",n,n,1+n%3)
for n in [21,23,24,25,30,31,100,255,269,270,271,272,273,274,275,276,285,286,1000,4096,65535,65536,65547,70000]:
    add("zeros",1,n)
for p in range(1,10):
    add("pattern",100+p,13+p*3,p); add("pattern",200+p,1000,p)
add("pattern",301,5000,255); add("pattern",302,5000,256); add("pattern",303,40000,1000); add("pattern",304,140000,65535); add("pattern",305,140000,65536)
for n in [14,15,16,29,30,31,100,269,270,271,284,285,286,524,525,526,1000,4096]:
    add("random",1000+n,n)
for n in [13,14,50,100,1000,5000,30000]: add("text",2000+n,n)
for n,p in [(100,2),(1000,4),(8000,4),(8000,16)]: add("lowentropy",3000+n+p,n,p)
for n,p in [(5000,61),(20000,7),(20000,500)]: add("sparse",4000+n+p,n,p)
add("f64ramp",1,8000); add("f64ramp",1,80000); add("f64noise",5,8000); add("f64noise",6,16000)
add("u16image",7,6144,64); add("u16image",8,20000,100)
for n in [65535,65536,65546,65547,65548,70000]:
    add("text",5000+n,n); add("lowentropy",6000+n,n,4); add("f64noise",7000+n,n); add("u16image",8000+n,n,256); add("random",9000+n,n)
add("u16image",42,2*1024*1024,1024)   # ~2 MB camera frame
add("f64noise",43,1024*1024)
add("random",44,1024*1024)

INLINE_MAX=16384
vectors=[]
for kind,seed,length,param in specs:
    b=make(kind,seed,length,param); d=comp_default(b); s=comp_stream(b)
    v={"kind":kind,"seed":seed,"length":length,"param":param,"inputMd5":hashlib.md5(b).hexdigest()}
    if length<=INLINE_MAX:
        v["expected"]=base64.b64encode(d).decode()
        if s!=d: v["expectedPythonLz4"]=base64.b64encode(s).decode()
    else:
        v["expectedLength"]=len(d); v["expectedMd5"]=hashlib.md5(d).hexdigest()
        if s!=d: v["expectedPythonLz4Length"]=len(s); v["expectedPythonLz4Md5"]=hashlib.md5(s).hexdigest()
    vectors.append(v)

# LZ4_compress_default output for fixture blocks that python-lz4 (streaming API) compressed differently.
fixdir='/work/shared/fixtures/bsread'
overrides={}
checked=0
for f in sorted(glob.glob(fixdir+'/py-*-lz4.json')):
    d=json.load(open(f)); fr=[base64.b64decode(x) for x in d['frames']]
    mh=json.loads(fr[0]); idx=[]
    if mh.get('dh_compression')=='lz4': idx.append(1); dh=None
    else:
        dh=json.loads(fr[1])
        for i,c in enumerate(dh['channels']):
            if c.get('compression')=='lz4': idx.append(2+2*i)
    for i in idx:
        v=fr[i]
        if not v: continue
        size=struct.unpack('<I',v[:4])[0]; blk=v[4:]; raw=dec(blk,size)
        assert comp_stream(raw)==blk; checked+=1
        dd=comp_default(raw)
        if dd!=blk: overrides[os.path.basename(f)+"#"+str(i)]=base64.b64encode(dd).decode()
print("fixture blocks",checked,"overrides",len(overrides))

doc={"about":"Reference LZ4 blocks for src/bsread/lz4-compress.test.ts. Inputs are regenerated by makeInput() in that test "
     "from (kind, seed, length, param); inputMd5 guards against generator drift. expected* = liblz4 "+l.LZ4_versionString().decode()+
     " LZ4_compress_default (dstCapacity = LZ4_compressBound); expectedPythonLz4* (only where different) = LZ4_compress_fast_continue "
     "on a fresh LZ4_createStream(), acceleration 1, which is what python-lz4's lz4.block.compress produces. Big inputs store md5 + length. "
     "fixtureDefaultOverrides: LZ4_compress_default output for golden-fixture lz4 blocks (key file#frame) whose python-lz4 bytes differ.",
     "vectors":vectors,"fixtureDefaultOverrides":overrides}
out='/work/main/src/bsread/testdata/lz4-vectors.json'
os.makedirs(os.path.dirname(out),exist_ok=True)
with open(out,'w') as fh:
    fh.write('{\n "about": '+json.dumps(doc["about"])+',\n "vectors": [\n')
    fh.write(',\n'.join('  '+json.dumps(v) for v in vectors))
    fh.write('\n ],\n "fixtureDefaultOverrides": {\n')
    fh.write(',\n'.join('  '+json.dumps(k)+': '+json.dumps(v) for k,v in overrides.items()))
    fh.write('\n }\n}\n')
print(len(vectors),"vectors", os.path.getsize(out),"bytes")
