"""In Chromium, the site's images are responsive: the browser picks the WebP `<source>` of each `<picture>` and, from
its srcset and sizes, a narrow rendition on a small phone and a wider one on a large screen (pages/renditions.py)."""

import re

LOADED = """img => new Promise(resolve => {
    img.loading = "eager";
    const done = () => resolve({src: img.currentSrc, width: img.naturalWidth});
    if (img.complete && img.naturalWidth) done(); else img.addEventListener("load", done, {once: true});
})"""


def chosen(page):
    """{selector: (URL the browser chose, its natural width)} of the rencontre's figure and gallery photo."""
    return {
        selector: page.locator(selector).first.evaluate(LOADED)
        for selector in ("main .figure picture img", "main .gallery picture img")
    }


def test_the_browser_loads_webp_renditions_sized_for_the_screen(public_site, open_page, shoot):
    wide = open_page()
    wide.goto(public_site.workshop.url)
    large = chosen(wide)
    shoot(wide, "rencontre-grand-ecran")
    phone = open_page(viewport={"width": 320, "height": 640}, device_scale_factor=1)
    phone.goto(public_site.workshop.url)
    small = chosen(phone)
    for selector in large:
        assert re.search(r"\.format-webp\.webp$", large[selector]["src"]), large[selector]
        assert re.search(r"\.format-webp\.webp$", small[selector]["src"]), small[selector]
        assert 0 < small[selector]["width"] < large[selector]["width"], (small[selector], large[selector])
