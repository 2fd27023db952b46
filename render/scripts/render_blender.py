"""Headless Blender (bpy wheel) render of an anim.npz (from make_character.py) with Cycles on CPU.
usage: python render_blender.py ANIM.npz OUTDIR [--views side,front] [--samples 4] [--frames FIRST:LAST]
                                [--threads 2] [--follow] [--denoise FAST|BALANCED|HIGH]
Writes OUTDIR/<view>/NNNN.png (640x480 or the camera's own frame, NNNN = 0-based frame index of ANIM.npz), OUTDIR/gt2d.npz (exact pixel
projection of every ground-truth joint per view: x, y in pixels from the top-left, depth in m) and OUTDIR/render_info.json.
Cameras: side (subject's right, 5 m), front (3.4 m in front of the face), back, oblique (45 deg front-right),
oblique_back (45 deg behind-left, 3.7 m, 0.95 m high: a second oblique at another height and distance), front_low
(a laptop on a desk: 3 m in front, 0.85 m high, looking 2 deg up), back_high (a phone on a tripod behind: 4 m, 1.7 m high,
looking 10 deg down), side_left (the subject's left, 3.6 m: the room's wall is at 4 m), side_high (a phone on a tripod at the right: 4 m, 1.5 m
high, looking 8 deg down), oblique_back_right and oblique_front_left (35 and 30 deg off the side, 1.2 m high), front_high (a phone on a tripod in
front, 12 deg to the right: 3.7 m, 1.6 m high, looking 10 deg down), side_floor (a phone propped on the floor at the right: 2.8 m,
0.3 m high, looking 6 deg up, a wide 26 mm lens), back_right_near (a partner filming from behind, 22 deg to the right: 3 m, 1.1 m high),
oblique_front_right_far (30 deg off the side in front of the walker's right: 5 m, 1.2 m high, 50 mm), back_left_low (a phone on a low stool
behind, 15 deg to the left: 3.2 m, 0.6 m high, looking 4 deg up).
--follow: the cameras dolly along the walking direction at the walker's mean velocity (a straight-line fit of the pelvis
path), so a long overground walk stays in frame; without it the cameras are fixed (fine for the 2.9 s excerpt).
--follow-path: with --follow, along the pelvis path averaged over a second instead, so the cameras stop where the walker
stops (a fixed camera would see a still walker; one moving on at the mean velocity sees them drift and grow).
--frames FIRST:LAST renders FIRST..LAST-1 (split a clip over several processes; gt2d_FIRST_LAST.npz is then written)."""
import sys, os, time, json, math, argparse
import numpy as np
import bpy
from mathutils import Vector, Euler
from bpy_extras.object_utils import world_to_camera_view

ap = argparse.ArgumentParser()
ap.add_argument('anim'); ap.add_argument('outdir')
ap.add_argument('--views', default='side,front'); ap.add_argument('--samples', type=int, default=4)
ap.add_argument('--frames', default=None); ap.add_argument('--threads', type=int, default=2)
ap.add_argument('--follow', action='store_true')
ap.add_argument('--follow-path', action='store_true',
                help='with --follow: dolly along the pelvis path averaged over a second, not a straight line, so the '
                     'cameras stop where the walker stops (a walk with a pause)')
ap.add_argument('--denoise', default='FAST', help="OIDN quality; FAST is ~3x quicker than HIGH at 640x480 and looks the same here")
ap.add_argument('--outfit', default='red', help="the clothes' colours: red (a red shirt, navy trousers, black shoes), "
                                                 "light (a pale grey shirt, black trousers, white shoes) or dark "
                                                 "(a black top and leggings, grey shoes)")
args = ap.parse_args()
anim, outdir, views, samples, rng = args.anim, args.outdir, args.views.split(','), args.samples, args.frames
d = np.load(anim)
verts = d['verts']; rest = d['rest']; faces = d['faces']; fg = d['fgroup']; W = d['W']; bones = list(d['bones'])
joints = d['joints']; jnames = list(d['joint_names'])
F = len(verts); fps = float(d['fps'])
fr = range(F) if not rng else range(int(rng.split(':')[0]), int(rng.split(':')[1]))

bpy.ops.wm.read_factory_settings(use_empty=True)
scene = bpy.context.scene
scene.render.engine = 'CYCLES'
scene.cycles.device = 'CPU'
scene.cycles.samples = samples
scene.cycles.use_adaptive_sampling = True
scene.cycles.use_denoising = True
scene.cycles.denoising_quality = args.denoise
scene.cycles.denoising_prefilter = 'FAST' if args.denoise == 'FAST' else 'ACCURATE'
try:
    scene.cycles.denoiser = 'OPENIMAGEDENOISE'
except Exception as e:
    print('denoiser', e)
scene.cycles.max_bounces = 3
scene.cycles.diffuse_bounces = 2; scene.cycles.glossy_bounces = 1; scene.cycles.transmission_bounces = 1; scene.cycles.transparent_max_bounces = 2
scene.render.use_persistent_data = True
scene.render.resolution_x, scene.render.resolution_y = 640, 480
scene.render.resolution_percentage = 100
scene.render.threads_mode = 'FIXED'; scene.render.threads = args.threads
scene.render.image_settings.file_format = 'PNG'
scene.render.fps = round(fps)

# ---------------- human mesh
flist = [[int(i) for i in f if i >= 0] for f in faces]
me = bpy.data.meshes.new('human')
me.from_pydata(verts[0].tolist(), [], flist)
me.update()
me.polygons.foreach_set('use_smooth', [True] * len(me.polygons))
obj = bpy.data.objects.new('human', me)
scene.collection.objects.link(obj)

def mat(name, rgb, rough=0.6, sss=0.0):
    m = bpy.data.materials.new(name); m.use_nodes = True
    b = m.node_tree.nodes.get('Principled BSDF')
    b.inputs['Base Color'].default_value = (*rgb, 1)
    b.inputs['Roughness'].default_value = rough
    if sss > 0:
        b.inputs['Subsurface Weight'].default_value = sss
        b.inputs['Subsurface Radius'].default_value = (0.02, 0.008, 0.005)
    return m
# Shirt, trousers and shoes (linear RGB). light: a pale shirt near the wall's grey and white shoes on the grey floor,
# little contrast where the default outfit has much; dark: black top and leggings, grey shoes (the body's edges
# dark against the shade of the floor and walls).
OUTFITS = {'red': ((0.55, 0.04, 0.03), (0.03, 0.06, 0.16), (0.015, 0.015, 0.015)),
           'light': ((0.62, 0.62, 0.6), (0.012, 0.012, 0.014), (0.8, 0.8, 0.78)),
           'dark': ((0.025, 0.025, 0.03), (0.012, 0.012, 0.015), (0.45, 0.45, 0.45))}
shirt, pants, shoes = OUTFITS[args.outfit]
MATS = {'skin': mat('skin', (0.58, 0.33, 0.22), 0.45, 0.15), 'shirt': mat('shirt', shirt, 0.85),
        'pants': mat('pants', pants, 0.9), 'shoes': mat('shoes', shoes, 0.5),
        'hair': mat('hair', (0.035, 0.02, 0.012), 0.7), 'eyewhite': mat('eyewhite', (0.75, 0.72, 0.7), 0.2),
        'iris': mat('iris', (0.03, 0.015, 0.01), 0.1)}
names = list(MATS)
for n in names: me.materials.append(MATS[n])
REGION = {}
for b in ['Hips', 'LHipJoint', 'RHipJoint', 'LeftUpLeg', 'LeftLeg', 'RightUpLeg', 'RightLeg']: REGION[b] = 'pants'
for b in ['LeftFoot', 'LeftToeBase', 'RightFoot', 'RightToeBase']: REGION[b] = 'shoes'
for b in ['LowerBack', 'Spine', 'Spine1', 'LeftShoulder', 'RightShoulder', 'LeftArm', 'RightArm']: REGION[b] = 'shirt'
eye_idx = np.unique(faces[(fg == 'helper-l-eye') | (fg == 'helper-r-eye')].ravel()); eye_idx = eye_idx[eye_idx >= 0]
ez = rest[eye_idx, 2].mean(); ey = rest[eye_idx, 1].mean()
eye_front = rest[eye_idx, 1].min()
mi = np.zeros(len(flist), int)
for k, f in enumerate(flist):
    g = fg[k]
    c = rest[f].mean(0)
    if g.startswith('helper') and 'eye' in g:
        mi[k] = names.index('iris' if c[1] < eye_front + 0.005 else 'eyewhite'); continue
    wb = W[f].sum(0); b = bones[int(np.argmax(wb))]
    reg = REGION.get(b, 'skin')
    if b in ('Head', 'Neck1') and ((c[2] > ez + 0.05) or (c[2] > ez - 0.05 and c[1] > ey + 0.085)):
        reg = 'hair'
    mi[k] = names.index(reg)
me.polygons.foreach_set('material_index', mi.tolist())

# ---------------- floor, light, world
bpy.ops.mesh.primitive_plane_add(size=40, location=(0, 0, 0))
floor = bpy.context.active_object
fm = bpy.data.materials.new('floor'); fm.use_nodes = True
nt = fm.node_tree; bsdf = nt.nodes.get('Principled BSDF')
chk = nt.nodes.new('ShaderNodeTexChecker'); chk.inputs['Scale'].default_value = 20.0
chk.inputs['Color1'].default_value = (0.42, 0.40, 0.37, 1); chk.inputs['Color2'].default_value = (0.33, 0.32, 0.30, 1)
nt.links.new(chk.outputs['Color'], bsdf.inputs['Base Color']); bsdf.inputs['Roughness'].default_value = 0.55
floor.data.materials.append(fm)
# back wall (gives a room-like background)
bpy.ops.mesh.primitive_plane_add(size=40, location=(-4.0, 0, 10), rotation=(0, math.radians(90), 0))
wall = bpy.context.active_object
wmat = mat('wall', (0.55, 0.55, 0.5), 0.9); wall.data.materials.append(wmat)
bpy.ops.mesh.primitive_plane_add(size=40, location=(0, -8.0, 10), rotation=(math.radians(90), 0, 0))
wall2 = bpy.context.active_object; wall2.data.materials.append(wmat)

sun = bpy.data.lights.new('sun', 'SUN'); sun.energy = 4.5; sun.angle = math.radians(8)
so = bpy.data.objects.new('sun', sun); so.rotation_euler = Euler((math.radians(40), math.radians(-10), math.radians(35)))
scene.collection.objects.link(so)
world = bpy.data.worlds.new('world'); world.use_nodes = True
world.node_tree.nodes['Background'].inputs['Color'].default_value = (0.55, 0.6, 0.68, 1)
world.node_tree.nodes['Background'].inputs['Strength'].default_value = 0.8
scene.world = world

# ---------------- cameras (placed relative to the clip's trajectory; character faces +Y, walks toward -Y)
hips = joints[:, jnames.index('Hips')]
y0, y1 = hips[0, 1], hips[-1, 1]; ymid = 0.5 * (y0 + y1)
# Each camera's place: its offset (x, y) from the walker's start (y > 0, in front), end (y < 0, behind) or, at
# y = 0, the middle of the path; its height, rotation (degrees) and lens (mm); its frame (width, height) if not
# 640x480 (a phone held upright films 480x640); and, for a phone held in the hand, its shake (degrees, see shake_of).
CAMS = {
    'side': dict(offset=(5.0, 0.0), height=1.0, rot=(90, 0, 90), lens=50),
    'front': dict(offset=(0.0, 3.4), height=1.35, rot=(84, 0, 180), lens=35),
    'back': dict(offset=(0.0, -2.6), height=1.35, rot=(84, 0, 0), lens=35),
    'oblique': dict(offset=(3.3, 2.6), height=1.3, rot=(84, 0, 136), lens=35),
    'oblique_back': dict(offset=(-2.6, -2.6), height=0.95, rot=(88, 0, -45), lens=35),
    'front_low': dict(offset=(0.0, 3.0), height=0.85, rot=(92, 0, 180), lens=35),
    'back_high': dict(offset=(0.0, -4.0), height=1.7, rot=(80, 0, 0), lens=35),
    'oblique_left': dict(offset=(-3.0, 2.5), height=1.0, rot=(86, 0, -130), lens=35),
    'oblique_back_high': dict(offset=(2.8, -2.8), height=1.5, rot=(82, 0, 45), lens=35),
    'side_left': dict(offset=(-3.6, 0.0), height=1.0, rot=(90, 0, -90), lens=35),
    'side_high': dict(offset=(4.0, 0.0), height=1.5, rot=(82, 0, 90), lens=35),
    'oblique_back_right': dict(offset=(2.9, -2.0), height=1.2, rot=(86, 0, 55), lens=35),
    'oblique_front_left': dict(offset=(-3.0, 1.7), height=1.2, rot=(86, 0, -120), lens=35),
    'front_high': dict(offset=(0.8, 3.6), height=1.6, rot=(80, 0, 167.5), lens=35),
    'side_floor': dict(offset=(2.8, 0.0), height=0.3, rot=(96, 0, 90), lens=26),
    'back_right_near': dict(offset=(1.12, -2.78), height=1.1, rot=(88, 0, 22), lens=35),
    'oblique_front_right_far': dict(offset=(4.33, 2.5), height=1.2, rot=(88, 0, 120), lens=50),
    'back_left_low': dict(offset=(-0.83, -3.09), height=0.6, rot=(94, 0, -15), lens=35),
    'front_right_desk': dict(offset=(0.75, 2.07), height=0.8, rot=(92, 0, 160), lens=24),
    'side_far_tele': dict(offset=(8.0, 0.0), height=1.2, rot=(90, 0, 90), lens=85),
    'oblique_back_left_far': dict(offset=(-2.89, -3.45), height=1.5, rot=(84, 0, -40), lens=35),
    'front_left_shelf': dict(offset=(-0.9, 2.6), height=1.1, rot=(88, 0, -161), lens=28),
    'side_left_high': dict(offset=(-3.2, 0.0), height=1.6, rot=(80, 0, -90), lens=30),
    'back_far': dict(offset=(0.0, -5.5), height=1.2, rot=(89, 0, 0), lens=50),
    'oblique_front_right_near': dict(offset=(2.0, 2.0), height=1.0, rot=(88, 0, 135), lens=28),
    'side_right_near': dict(offset=(2.8, 0.0), height=1.2, rot=(88, 0, 90), lens=28),
    'front_right_tripod': dict(offset=(0.85, 3.2), height=1.3, rot=(86, 0, 165), lens=35),
    'back_left_phone': dict(offset=(-1.3, -2.8), height=1.4, rot=(85, 0, -25), lens=30),
    'oblique_front_left_high': dict(offset=(-2.33, 2.33), height=1.7, rot=(80, 0, -135), lens=28),
    'front_laptop_low': dict(offset=(0.3, 2.4), height=0.95, rot=(91, 0, 173), lens=26),
    'back_right_tripod': dict(offset=(0.61, -3.45), height=1.15, rot=(88, 0, 10), lens=35),
    'side_left_phone': dict(offset=(-4.0, 0.0), height=1.1, rot=(89, 0, -90), lens=35),
    'oblique_back_left_30': dict(offset=(-1.9, -3.29), height=1.0, rot=(90, 0, -30), lens=35),
    'side_right_low': dict(offset=(3.5, 0.0), height=0.7, rot=(93, 0, 90), lens=30),
    'side_upright_phone': dict(offset=(2.6, 0.0), height=1.3, rot=(86, 0, 90), lens=26, frame=(480, 640)),
    'back_upright_phone': dict(offset=(0.26, -2.98), height=1.45, rot=(85, 0, 5), lens=26, frame=(480, 640)),
    'front_upright_phone': dict(offset=(-0.49, 2.78), height=1.0, rot=(90, 0, -170), lens=26, frame=(480, 640)),
    'oblique_front_right_upright': dict(offset=(2.3, 1.93), height=1.2, rot=(88, 0, 130), lens=26, frame=(480, 640)),
    'side_left_upright': dict(offset=(-3.0, 0.0), height=1.2, rot=(87, 0, -90), lens=26, frame=(480, 640)),
    'side_handheld': dict(offset=(3.5, 0.0), height=1.25, rot=(88, 0, 90), lens=28, shake=1.0),
    'back_handheld_upright': dict(offset=(-0.28, -3.19), height=1.4, rot=(86, 0, -5), lens=26, frame=(480, 640),
                                  shake=1.0),
    'front_handheld': dict(offset=(0.0, 3.0), height=1.4, rot=(86, 0, 180), lens=28, shake=1.0),
    'side_left_handheld_upright': dict(offset=(-3.5, 0.0), height=1.1, rot=(89, 0, -90), lens=26, frame=(480, 640),
                                       shake=1.0),
    'front_waist_up': dict(offset=(0.2, 1.3), height=1.15, rot=(90, 0, 171), lens=26),
    'side_waist_up': dict(offset=(2.2, 0.0), height=1.35, rot=(90, 0, 90), lens=35),
    'back_waist_up': dict(offset=(-0.21, -1.49), height=1.2, rot=(90, 0, -8), lens=26),
    'front_desk_close': dict(offset=(0.0, 1.0), height=1.25, rot=(90, 0, 180), lens=26),
    'front_table_standing': dict(offset=(0.39, 2.2), height=0.8, rot=(92, 0, 170), lens=26),
    'side_tripod_standing': dict(offset=(4.5, 0.0), height=1.0, rot=(90, 0, 90), lens=26),
    'back_tripod_standing': dict(offset=(-0.39, -1.97), height=1.3, rot=(88, 0, -11), lens=26),
    'oblique_front_standing': dict(offset=(2.47, 2.47), height=1.1, rot=(89, 0, 135), lens=26),
    'side_right_hip': dict(offset=(3.2, 0.0), height=0.9, rot=(91, 0, 90), lens=28),
    'side_left_hip': dict(offset=(-3.9, 0.0), height=1.0, rot=(90, 0, -90), lens=35),
    'side_wide': dict(offset=(4.0, 0.0), height=1.05, rot=(90, 0, 90), lens=26, frame=(960, 540)),
    'back_wide': dict(offset=(-0.4, -3.2), height=1.2, rot=(88, 0, -7), lens=28, frame=(960, 540)),
    'oblique_front_left_wide': dict(offset=(-2.2, 2.6), height=1.25, rot=(87, 0, -140), lens=28, frame=(960, 540)),
    'front_webcam_wide': dict(offset=(0.0, 2.5), height=1.0, rot=(91, 0, 180), lens=24, frame=(960, 540)),
    'side_left_wide': dict(offset=(-3.8, 0.0), height=1.0, rot=(90, 0, -90), lens=28, frame=(960, 540)),
    'back_high_wide': dict(offset=(0.31, -3.59), height=1.6, rot=(81, 0, 5), lens=28, frame=(960, 540)),
    'back_tripod_4m': dict(offset=(0.0, -4.0), height=1.3, rot=(87, 0, 0), lens=32),
    'back_right_18': dict(offset=(1.02, -3.14), height=1.0, rot=(90, 0, 18), lens=30),
    'front_right_8': dict(offset=(0.42, 2.97), height=1.15, rot=(89, 0, 172), lens=30),
    'oblique_back_right_60': dict(offset=(3.03, -1.75), height=0.8, rot=(92, 0, 60), lens=30),
    'side_right_far': dict(offset=(6.5, 0.0), height=1.3, rot=(89, 0, 90), lens=60),
    'side_rolled': dict(offset=(4.0, 0.0), height=1.1, rot=(90, 8, 90), lens=35),
    'front_rolled': dict(offset=(0.0, 2.8), height=1.05, rot=(90, -7, 180), lens=28),
    'back_rolled': dict(offset=(0.29, -3.29), height=1.3, rot=(87, 6, 5), lens=30),
    'oblique_rolled': dict(offset=(2.47, 2.47), height=1.2, rot=(88, -8, 135), lens=30),
    'front_left_10': dict(offset=(-0.56, 3.15), height=1.2, rot=(88, 0, -170), lens=32),
    'back_right_12_low': dict(offset=(0.69, -3.23), height=0.9, rot=(91, 0, 12), lens=30),
    'back_left_20_low': dict(offset=(-1.23, -3.38), height=0.9, rot=(91, 0, -20), lens=30),
    'back_far_high': dict(offset=(0.0, -5.2), height=1.6, rot=(84, 0, 0), lens=42),
    'back_right_6_chest': dict(offset=(0.29, -2.79), height=1.35, rot=(86, 0, 6), lens=26),
}
FRAME = (640, 480)
def shake_of(v):
    """A hand's shake, degrees per frame for each rotation axis: a sum of sines at 0.4-6 Hz with phases drawn
    from the camera's name (the same shake every render), scaled to the camera's `shake` as its standard deviation
    (a phone held by a partner who follows the walker sways slowly and trembles a little)."""
    out = np.zeros((F, 3))
    if not CAMS[v].get('shake'):
        return out
    rng = np.random.default_rng(sum(map(ord, v)))
    t = np.arange(F) / fps
    for axis in range(3):
        for hz, weight in ((0.4, 1.0), (1.3, 0.6), (3.1, 0.35), (6.0, 0.2)):
            out[:, axis] += weight * np.sin(2 * np.pi * hz * t + rng.uniform(0, 2 * np.pi))
    return out / out.std(0) * CAMS[v]['shake']
def standing_at(v):
    """Where camera v stands when it does not follow the walker."""
    dx, dy = CAMS[v]['offset']
    return (dx, (y0 if dy > 0 else y1 if dy < 0 else ymid) + dy, CAMS[v]['height'])
# --follow: straight-line fit of the pelvis path (x, y) against time; cameras keep their offset to it
tt = np.arange(F)
fit = np.stack([np.polyval(np.polyfit(tt, hips[:, i], 1), tt) for i in range(2)], 1)
if args.follow_path:
    # Edge-padded running mean over a second: the sway of each step averages out, a stop stays a stop.
    half = round(fps / 2)
    pad = np.pad(hips[:, :2], ((half, half), (0, 0)), mode='edge')
    fit = np.stack([np.convolve(pad[:, i], np.ones(2 * half + 1) / (2 * half + 1), mode='valid') for i in range(2)], 1)
cams, shakes = {}, {v: shake_of(v) for v in views}
for v in views:
    c = bpy.data.cameras.new(v); c.lens = CAMS[v]['lens']
    o = bpy.data.objects.new('cam_' + v, c); o.location = standing_at(v)
    scene.collection.objects.link(o); cams[v] = o
    os.makedirs(f'{outdir}/{v}', exist_ok=True)

gt2d = {v: np.zeros((F, len(jnames), 3), np.float32) for v in views}
times = []
for f in fr:
    me.vertices.foreach_set('co', verts[f].astype(np.float64).ravel())
    me.update()
    for v in views:
        if args.follow:
            cams[v].location = (fit[f, 0] + CAMS[v]['offset'][0], fit[f, 1] + CAMS[v]['offset'][1], CAMS[v]['height'])
        cams[v].rotation_euler = Euler([math.radians(a + d) for a, d in zip(CAMS[v]['rot'], shakes[v][f])])
        scene.camera = cams[v]
        w, h = CAMS[v].get('frame', FRAME)
        scene.render.resolution_x, scene.render.resolution_y = w, h
        bpy.context.view_layer.update()
        for j in range(len(jnames)):
            p = world_to_camera_view(scene, cams[v], Vector(joints[f, j].tolist()))
            gt2d[v][f, j] = (p.x * w, (1 - p.y) * h, p.z)
        scene.render.filepath = f'{outdir}/{v}/{f:04d}.png'
        t = time.time(); bpy.ops.render.render(write_still=True); times.append(time.time() - t)
        print(f'frame {f} {v} {times[-1]:.2f}s', flush=True)
tag = '' if not rng else '_' + rng.replace(':', '_')
np.savez(f'{outdir}/gt2d{tag}.npz', joint_names=np.array(jnames), frames=np.array(list(fr)), **{v: gt2d[v] for v in views})
json.dump({'sec_per_frame_per_view': float(np.mean(times)), 'n': len(times), 'samples': samples, 'threads': args.threads,
           'denoise': args.denoise, 'outfit': args.outfit,
           'follow': args.follow, 'follow_path': args.follow_path,
           'follow_velocity_m_per_s': (np.polyfit(tt, hips[:, 1], 1)[0] * fps) if args.follow else None,
           'cams': {v: dict(CAMS[v], loc=standing_at(v)) for v in views}},
          open(f'{outdir}/render_info{tag}.json', 'w'), indent=1)
print('mean s/frame/view', np.mean(times))
