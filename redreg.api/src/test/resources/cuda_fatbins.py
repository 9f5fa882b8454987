# The independent check of CudaFatbinTest: scans the whole libnd4jcuda.so of the CUDA jar for fatbin headers
# (magic 0xBA55ED50) and prints the fatbin count and the sm numbers of its PTX and ELF (cubin) entries.
# Measured 2026-12-02: 905138248 bytes; 228 fatbins; ELF sm 37, 50, 52, 60, 61, 70, 75, 80, 86; no PTX.
import zipfile, struct, sys, mmap, tempfile, os, shutil
jar = os.path.expanduser('~/.m2/repository/org/nd4j/nd4j-cuda-11.6/1.0.0-M2.1/nd4j-cuda-11.6-1.0.0-M2.1-linux-x86_64.jar')
z = zipfile.ZipFile(jar)
name = [n for n in z.namelist() if n.endswith('/libnd4jcuda.so')][0]
tmp = tempfile.NamedTemporaryFile(delete=False)
with z.open(name) as src: shutil.copyfileobj(src, tmp, 1 << 24)
tmp.close()
f = open(tmp.name, 'rb'); m = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
# scan the whole file (not just .nv_fatbin) for the fatbin magic, independently of the Java test's ELF walk
kinds = {}; n = 0; pos = m.find(struct.pack('<I', 0xBA55ED50))
while pos != -1:
    ver, hs, fs = struct.unpack_from('<HHQ', m, pos + 4)
    if ver == 1 and hs == 16:
        n += 1; e = pos + hs
        while e < pos + hs + fs:
            kind, _, ehs, size = struct.unpack_from('<HHIQ', m, e); arch = struct.unpack_from('<I', m, e + 28)[0]
            kinds.setdefault(kind, set()).add(arch); e += ehs + size
        pos = m.find(struct.pack('<I', 0xBA55ED50), pos + hs + fs)
    else:
        pos = m.find(struct.pack('<I', 0xBA55ED50), pos + 4)
print(name, os.path.getsize(tmp.name), 'bytes;', n, 'fatbins;', {('PTX' if k == 1 else 'ELF' if k == 2 else k): sorted(v) for k, v in kinds.items()})
os.unlink(tmp.name)
