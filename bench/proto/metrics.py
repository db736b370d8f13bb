import numpy as np, json, sys, os
from skimage.metrics import structural_similarity
from scipy import ndimage
C='/tmp/corpus'; out=sys.argv[1]
cases=json.load(open(C+'/cases.json'))
def lum(a):
    return a[...,0]*0.299+a[...,1]*0.587+a[...,2]*0.114 if a.ndim==3 else a
def sob(l):
    return np.hypot(ndimage.sobel(l,0),ndimage.sobel(l,1))
rows={}
for c in cases:
    f=f"{out}/{c['stem']}_{c['type']}.raw"
    if not os.path.exists(f): continue
    shp=(c['h'],c['w'],3) if c['c']==3 else (c['h'],c['w'])
    a=np.fromfile(C+f"/{c['stem']}.img",np.uint8).reshape(shp).astype(np.float64)
    b=np.fromfile(f,np.uint8).reshape(shp).astype(np.float64)
    m=np.fromfile(C+f"/{c['stem']}_{c['type']}.mask",np.uint8).reshape(c['h'],c['w'])>0
    assert np.all(a[~m]==b[~m]), 'known changed'
    mse=((a-b)**2)[m].mean(); psnr=10*np.log10(255**2/mse)
    ssim=None
    if '--ssim' in sys.argv:
        _,S=structural_similarity(a,b,data_range=255,gaussian_weights=True,sigma=1.5,use_sample_covariance=False,full=True,channel_axis=-1 if a.ndim==3 else None)
        if S.ndim==3: S=S.mean(-1)
        ssim=S[m].mean()
    hsr=sob(lum(b))[m].mean()/sob(lum(a))[m].mean()
    rows.setdefault(c['type'],[]).append((psnr,ssim,hsr,c['stem']))
    if '-v' in sys.argv: print(c['stem'],c['type'],round(psnr,2),round(hsr,2))
bar={'brush':18.73,'blob':14.33,'lines':27.71}
for t in ['brush','blob','lines']:
    r=rows.get(t)
    if not r: continue
    p=np.mean([x[0] for x in r]); h=[x[2] for x in r]
    s=np.mean([x[1] for x in r]) if r[0][1] is not None else float('nan')
    print(f"{t:6s} n={len(r):2d} psnr={p:6.2f} (bar {bar[t]}, {p-bar[t]:+.2f})  ssim={s:.3f}  hsr mean={np.mean(h):.2f} med={np.median(h):.2f}")
