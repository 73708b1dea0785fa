#!/usr/bin/env python3
# The app icons follow the GNOME rules that a renderer does not enforce:
# the full-colour icon is drawn on the 128 px grid, the symbolic one on 16 px
# in the single symbolic colour (#2e3436, which GTK recolours), and neither
# holds text, bitmaps or references to other files.
#
# usage: check-icons.py SCALABLE_SVG SYMBOLIC_SVG

import re
import sys
import xml.etree.ElementTree as ET

SVG = '{http://www.w3.org/2000/svg}'
XLINK_HREF = '{http://www.w3.org/1999/xlink}href'
SYMBOLIC_COLOUR = '#2e3436'

problems = []


def local(tag):
    return tag.split('}', 1)[-1]


def colours(element):
    """Every colour an element paints with, from attributes and style."""
    found = []
    style = dict(part.split(':', 1) for part in element.get('style', '').split(';') if ':' in part)
    for key in ('fill', 'stroke', 'stop-color', 'color'):
        for value in (element.get(key), style.get(key)):
            if value is not None:
                found.append(value.strip().lower())
    return found


def check_common(path, root, size):
    if local(root.tag) != 'svg':
        problems.append('%s: the root element is not <svg>' % path)
        return
    view_box = root.get('viewBox', '').replace(',', ' ').split()
    if [float(v) for v in view_box] != [0, 0, size, size]:
        problems.append('%s: viewBox is "%s", not "0 0 %d %d"' % (path, root.get('viewBox'), size, size))
    for attribute in ('width', 'height'):
        value = root.get(attribute)
        if value is not None and float(re.sub('px$', '', value)) != size:
            problems.append('%s: %s is %s, not %d' % (path, attribute, value, size))
    for element in root.iter():
        name = local(element.tag)
        if name in ('text', 'tspan', 'image', 'script', 'foreignObject'):
            problems.append('%s: has a <%s>' % (path, name))
        href = element.get('href') or element.get(XLINK_HREF)
        if href is not None and not href.startswith('#'):
            problems.append('%s: refers to another file (%s)' % (path, href))


def main():
    scalable, symbolic = sys.argv[1:3]

    root = ET.parse(scalable).getroot()
    check_common(scalable, root, 128)
    if len([e for e in root.iter() if local(e.tag) in ('path', 'rect', 'circle', 'ellipse')]) < 3:
        problems.append('%s: draws almost nothing' % scalable)

    root = ET.parse(symbolic).getroot()
    check_common(symbolic, root, 16)
    shapes = 0
    for element in root.iter():
        name = local(element.tag)
        if name in ('linearGradient', 'radialGradient', 'filter', 'mask', 'pattern'):
            problems.append('%s: a symbolic icon has no <%s>' % (symbolic, name))
        if name in ('path', 'rect', 'circle', 'ellipse', 'polygon'):
            shapes += 1
        for colour in colours(element):
            if colour not in (SYMBOLIC_COLOUR, 'none', 'currentcolor'):
                problems.append('%s: paints with %s, not %s' % (symbolic, colour, SYMBOLIC_COLOUR))
    if shapes == 0:
        problems.append('%s: draws nothing' % symbolic)

    for message in problems:
        print('icons: ' + message)
    if not problems:
        print('icons: both icons follow the grid and colour rules')
    return 1 if problems else 0


sys.exit(main())
