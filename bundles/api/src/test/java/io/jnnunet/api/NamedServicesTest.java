package io.jnnunet.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.Test;

public class NamedServicesTest {

    private static final String NAME = "thing.name";

    /** A service whose own name is the fallback; the label tells instances of one name apart. */
    private record Thing(String name, String label) {
    }

    private final NamedServices<Thing> things = new NamedServices<>("thing", NAME, Thing::name);

    private static Map<String, Object> properties(String name, int ranking, long id) {
        return Map.of(NAME, name, NamedServices.RANKING, ranking, NamedServices.ID, id);
    }

    @Test
    public void theHighestRankingWinsWhateverTheOrderOfRegistration() {
        Thing builtIn = new Thing("unet", "built-in");
        Thing lab = new Thing("unet", "lab");
        Thing worse = new Thing("unet", "worse");
        things.add(lab, properties("unet", 10, 7));
        things.add(builtIn, properties("unet", 0, 3));
        things.add(worse, properties("unet", -5, 1));

        assertSame(lab, things.require("unet"));
        assertEquals(List.of("lab", "built-in", "worse"),
                things.entries().stream().map(e -> e.service().label()).toList());
    }

    @Test
    public void ofEqualRankingTheLowestServiceIdWinsAndHandAddedOnesComeAfterOsgiOnes() {
        Thing second = new Thing("dice", "second");
        Thing first = new Thing("dice", "first");
        Thing byHand = new Thing("dice", "by hand");
        things.add(byHand);
        things.add(second, properties("dice", 0, 12));
        things.add(first, properties("dice", 0, 11));

        assertSame(first, things.require("dice"));
        assertEquals(List.of("first", "second", "by hand"),
                things.entries().stream().map(e -> e.service().label()).toList());
    }

    @Test
    public void removingThePickedOneBringsTheNextBackAndRemovingAllLeavesNone() {
        Thing builtIn = new Thing("unet", "built-in");
        Thing lab = new Thing("unet", "lab");
        things.add(builtIn, properties("unet", 0, 1));
        things.add(lab, properties("unet", 100, 2));
        assertSame(lab, things.get("unet").orElseThrow());

        things.remove(lab);
        assertSame(builtIn, things.get("unet").orElseThrow());

        things.add(lab, properties("unet", 100, 3));
        assertSame(lab, things.get("unet").orElseThrow());
        things.remove(lab);
        things.remove(builtIn);
        assertEquals(Optional.empty(), things.get("unet"));
        assertEquals(List.of(), things.names());
    }

    @Test
    public void requireNamesWhatIsInstalled() {
        things.add(new Thing("zeta", "z"));
        things.add(new Thing("alpha", "a"));
        things.add(new Thing("alpha", "a2"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> things.require("beta"));
        assertEquals("no thing 'beta' is installed; installed: [alpha, zeta]", e.getMessage());
    }

    @Test
    public void entriesAreSortedByNameWithThePickedOneOfEachNameActiveAndFirst() {
        Thing unetBuiltIn = new Thing("unet", "built-in");
        Thing unetLab = new Thing("unet", "lab");
        Thing dice = new Thing("dice", "built-in");
        things.add(unetBuiltIn, properties("unet", 0, 1));
        things.add(dice, properties("dice", 0, 2));
        things.add(unetLab, properties("unet", 5, 3));

        List<NamedServices.Entry<Thing>> entries = things.entries();

        assertEquals(List.of(new NamedServices.Entry<>("dice", dice, 0, 2, true),
                new NamedServices.Entry<>("unet", unetLab, 5, 3, true),
                new NamedServices.Entry<>("unet", unetBuiltIn, 0, 1, false)), entries);
        assertEquals(List.of(dice, unetLab), things.active());
        assertEquals(List.of("dice", "unet"), things.names());
    }

    @Test
    public void theNamePropertyWinsOverTheServicesOwnName() {
        Thing renamed = new Thing("own", "x");
        things.add(renamed, Map.of(NAME, "registered"));

        assertSame(renamed, things.require("registered"));
        assertEquals(Optional.empty(), things.get("own"));
    }

    @Test
    public void aServiceOfSeveralNamesIsPickedPerNameAndRemovedFromAll() {
        NamedServices<Thing> byEnding = NamedServices.multiNamed("reader", NAME,
                t -> List.of(t.name().split(",")));
        Thing builtIn = new Thing(".png,.tif", "built-in");
        Thing lab = new Thing(".png,.bmp", "lab");
        Thing jpeg = new Thing("unused", "jpeg");
        byEnding.add(builtIn, Map.of(NamedServices.ID, 1L));
        byEnding.add(lab, Map.of(NamedServices.ID, 2L, NamedServices.RANKING, 1));
        byEnding.add(jpeg, Map.of(NAME, List.of(".jpg", ".jpeg"), NamedServices.ID, 3L));

        assertSame(lab, byEnding.require(".png"));
        assertSame(builtIn, byEnding.require(".tif"));
        assertSame(jpeg, byEnding.require(".jpeg"));
        assertEquals(List.of(".bmp", ".jpeg", ".jpg", ".png", ".tif"), byEnding.names());
        assertEquals(List.of(lab, jpeg, builtIn), byEnding.active());

        byEnding.remove(lab);
        assertSame(builtIn, byEnding.require(".png"));
        assertTrue(byEnding.get(".bmp").isEmpty());
        assertEquals(List.of(".jpeg", ".jpg", ".png", ".tif"), byEnding.names());
    }
}
