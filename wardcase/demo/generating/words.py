"""The generated council's extra vocabulary: streets, surnames and uncommon words.

The demo's own content (`demo/data/demo_texts.yaml`) has a few dozen stories and names;
at a million cases search and the duplicate check would meet the same handful of words
again and again. These lists multiply it: streets and surnames are put together from
parts (hundreds of each, drawn with a long tail, as real ones are), and a detail sentence
with an uncommon word goes on many descriptions, so a search finds common words in
thousands of cases and rare ones in a few.
"""

import itertools
from functools import cache


def _words(text):
    """A word list written as prose."""
    return tuple(text.split())


STREET_STEMS = _words(
    "Acorn Alder Aspen Badger Barley Bell Birch Blackthorn Bramble Brewery Buttercup "
    "Castle Cedar Cherry Clover Coopers Cornfield Cowslip Damson Dovecote Elm Falcon "
    "Fern Fieldfare Forge Foxhill Furlong Gorse Granary Hawthorn Heron Holly Hop Juniper "
    "Kestrel Lark Laurel Lime Maltings Maple Marsh Mulberry Nightingale Oak Osier Paddock "
    "Pinfold Plover Poplar Primrose Quarry Reedmace Ropewalk Saddlers Sandpit Sorrel "
    "Swallow Sycamore Tanners Teasel Thistle Tithe Vine Walnut Willow Windmill Wren Yew"
)
STREET_KINDS = _words(
    "Road Street Lane Close Avenue Drive Way Crescent Grove Gardens Terrace Court Rise "
    "Place Walk Row Mews"
)

SURNAME_HEADS = _words(
    "Ash Black Bright Brook Carr Cold Cross Dun Fair Green Hart Hazel Holl Kirk Lang "
    "Mar Mill New Oak Pen Red Ridg Rush Shaw Stan Stone Thorn Wad Whit Wood"
)
SURNAME_TAILS = _words(
    "by cliffe croft field ford gate ham hurst ley more stead ton well wick worth"
)

# Words residents and officers use now and then: each turns up in few cases.
RARE_WORDS = _words(
    "bollard culvert soakaway gully ragwort knotweed hogweed balsam buddleia lichen "
    "efflorescence subsidence dormer soffit guttering downpipe flashing chimneystack "
    "wheelie dropkerb tactile chicane speedhump cattleguard stile kissing-gate bridleway "
    "towpath lychgate allotment polytunnel greenhouse beehive dovecote pigeons magpies "
    "seagulls rats wasps hornets cockroaches bedbugs silverfish mice squirrels foxes "
    "badgers moles scaffolding skip hoarding portaloo generator floodlight bunting "
    "graffiti flypost trolley mattress fridge sofa tyres asbestos plasterboard rubble "
    "hedge conifer leylandii sycamore horsechestnut willowherb brambles nettles ivy moss "
    "puddle ice gritting snowplough salt bin drain grating manhole inspection-chamber "
    "kerbstone cobbles setts tarmac gravel verge hardstanding driveway carport garage "
    "shed fence trellis gatepost pergola decking patio conservatory extension loft "
    "basement cellar damp condensation mould radiator boiler thermostat immersion "
    "extractor ventilation airbrick insulation draught sash casement letterbox doorbell "
    "intercom lift stairwell landing bin-store bike-shed playground swings roundabout "
    "seesaw zipwire bandstand pavilion bowling-green tennis-court skatepark"
)

# A sentence that may follow a description. {rare} is an uncommon word; the rest as in
# the demo's stories.
DETAILS = (
    "There is also a problem with the {rare} near {landmark}.",
    "Neighbours at number {other} {street} have noticed the {rare} as well.",
    "The {rare} by {landmark} makes it worse, according to {surname} next door.",
    "{name} has photographs of the {rare} if the officer would like them.",
    "It is the second time this year; last time the {rare} was the cause.",
    "Residents of {street} asked about the {rare} at the last ward surgery.",
    "Please could someone also look at the {rare} on the corner of {street}.",
    "Mr {surname} from the residents' association raised the {rare} too.",
    "This has been going on for about {weeks} weeks now.",
    "{name} would prefer a phone call in the mornings.",
)


@cache
def generated_streets():
    """Every street name put together from a stem and a kind: over a thousand."""
    return tuple(f"{stem} {kind}" for stem, kind in itertools.product(STREET_STEMS, STREET_KINDS))


@cache
def generated_surnames():
    """Surnames put together from two parts (Ashby, Whitworth ...): a few hundred."""
    return tuple(f"{head}{tail}" for head, tail in itertools.product(SURNAME_HEADS, SURNAME_TAILS))
