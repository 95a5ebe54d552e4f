"""The domain, typed: sources, sourced claims, ammunition families, weapons, munitions and systems.

The same models validate the human-edited catalog files and are what the API returns. Every figure is a
`Claim` that names at least one source; a figure with no claim is unknown, and is shown as unknown. When
sources disagree a field holds several claims, each with its own source and qualifier: nothing is averaged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Generic, Literal, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    field_validator,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from equipref.errors import QuantityError
from equipref.text_safety import unsafe_character
from equipref.units import Measure, measure_from_quantity, parse_measure

__all__ = [
    "Alias",
    "AmmunitionFamily",
    "Armament",
    "CatalogData",
    "Claim",
    "Counterpart",
    "Evidence",
    "Length",
    "Mass",
    "Mobility",
    "SignedLength",
    "Munition",
    "Source",
    "System",
    "Tally",
    "Weapon",
]


class _MeasureField:
    """Pydantic glue: a `Measure` of one dimension, written as text, ``{value, unit}``, ``[value, unit]`` or pint."""

    def __init__(self, dimension: str, example: str, signed: bool = False) -> None:
        self.dimension = dimension
        self.example = example
        self.signed = signed

    def validate(self, value: Any) -> Measure:
        measure = self._read(value)
        if not self.signed and measure.magnitude <= 0:
            raise QuantityError(
                value, "the number is zero or negative", f"a positive quantity such as {self.example!r}"
            )
        return measure

    def _read(self, value: Any) -> Measure:
        if isinstance(value, Measure):
            if value.dimension != self.dimension:
                raise QuantityError(
                    value, f"{value.unit!r} is not a unit of {self.dimension}", f"e.g. {self.example!r}"
                )
            return value
        if isinstance(value, str):
            return parse_measure(value, self.dimension)
        if isinstance(value, dict) and set(value) == {"value", "unit"}:
            return self._from_pair(value["value"], value["unit"], value)
        if isinstance(value, list | tuple) and len(value) == 2:
            return self._from_pair(value[0], value[1], value)
        if hasattr(value, "magnitude") and hasattr(value, "units") and hasattr(value, "m_as"):
            return measure_from_quantity(value, self.dimension)
        if isinstance(value, int | float) and not isinstance(value, bool):
            raise QuantityError(value, "a bare number has no unit", f"a number with its unit, e.g. {self.example!r}")
        raise QuantityError(
            value, f"cannot read a quantity from {type(value).__name__}", f"text such as {self.example!r}"
        )

    def _from_pair(self, magnitude: Any, unit: Any, original: Any) -> Measure:
        if not isinstance(unit, str):
            raise QuantityError(original, "the unit is not text", f"e.g. {self.example!r}")
        if isinstance(magnitude, bool) or not isinstance(magnitude, int | float):
            raise QuantityError(original, "the value is not a number", f"e.g. {self.example!r}")
        measure = Measure(magnitude, unit)
        if measure.dimension != self.dimension:
            raise QuantityError(original, f"{unit!r} is not a unit of {self.dimension}", f"e.g. {self.example!r}")
        return measure

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            self.validate,
            serialization=core_schema.plain_serializer_function_ser_schema(str, when_used="always"),
        )

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {
            "type": "string",
            "pattern": r"^\s*([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]{1,3})?\s*[A-Za-z][A-Za-z_/]*\s*$",
            "maxLength": 64,
            "description": f"{self.dimension[1:-1]}: one positive number and one unit, e.g. {self.example!r}",
            "examples": [self.example],
        }


Length = Annotated[Measure, _MeasureField("[length]", "125 mm")]
Mass = Annotated[Measure, _MeasureField("[mass]", "46.5 t")]
#: A length that may be zero or negative: only in results (a difference), never in catalog files.
SignedLength = Annotated[Measure, _MeasureField("[length]", "0.5 mm", signed=True)]

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9.-]*$", max_length=64)]
Text = Annotated[str, Field(min_length=1, max_length=2000)]
CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
Year = Annotated[int, Field(ge=1900, le=2100)]
Count = Annotated[int, Field(ge=0, le=10_000_000)]
#: How a system moves, as a source says it: on tracks, on wheels (a truck or an 8x8 hull), or towed.
Mobility = Literal["tracked", "wheeled", "towed"]
#: How ``Claim[...]`` classes are named (in reprs and the JSON Schema) for the value types catalogs use.
_CLAIM_NAMES: dict[Any, str] = {
    Length: "Length",
    Mass: "Mass",
    SignedLength: "SignedLength",
    Id: "Id",
    Text: "Text",
    Count: "Count",
    Year: "Year",
    Mobility: "Mobility",
}

SourceKind = Literal["reference", "news", "official", "manufacturer", "analysis", "blog", "forum", "game-data"]
#: A source's reliability on the Admiralty (NATO) scale, best first: A completely reliable, B usually reliable,
#: C fairly reliable, D not usually reliable, E unreliable, F reliability cannot be judged (every source the
#: catalog never read, `Source.read`). What earns each grade here is `equipref.lineage.GRADE_RULES`.
Reliability = Literal["A", "B", "C", "D", "E", "F"]
#: How a source repeats the sources it names in ``retells``: a retelling in its own words, a copy of a wiki
#: article (``mirrors``), or a wire or press relay (``relays``). Any of them makes the two one origin.
Relation = Literal["retells", "mirrors", "relays"]
#: The day a page was read: ``2026-12-01``, or ``by 2026-11-28`` when only the latest possible day is known.
AccessDate = Annotated[str, Field(pattern=r"^(by )?\d{4}-\d{2}-\d{2}$")]
Hedge = Literal["about", "at least", "more than", "up to", "nearly", "less than"]
#: A figure softer than a rated one, kept out of every headline: ``test`` (the result of one test firing, flight
#: or hit) or ``reading`` (the catalog's reading of what the page states, such as a cab's seats counted as crew).
Basis = Literal["test", "reading"]
#: What a count of systems counts (`Tally`): built (produced), in service (held, operational), paraded (shown at
#: one parade), ordered (contracted or planned), delivered (handed over), exported (sold abroad).
CountKind = Literal["built", "in-service", "paraded", "ordered", "delivered", "exported"]
Bore = Literal["smoothbore", "rifled", "rocket-tube", "launch-container"]
Loading = Literal["fixed", "separate", "semi-fixed", "rocket", "missile"]
Stance = Literal["interchangeable", "conditional", "incompatible", "doubt"]
WeaponKind = Literal["tank-gun", "autocannon", "machine-gun", "howitzer", "rocket-launcher", "missile-launcher"]
MunitionKind = Literal[
    "apfsds",
    "heat",
    "he-frag",
    "he",
    "atgm",
    "base-bleed",
    "rocket-assisted",
    "guided-shell",
    "cartridge",
    "unguided-rocket",
    "guided-rocket",
    "rocket",
    "ballistic-missile",
    "cruise-missile",
]
#: TD: a tank destroyer or wheeled assault gun (e.g. the ZTL-11), which no other role describes honestly.
#: MOR: a mortar, towed or self-propelled (the 2S12, the 2S4, the 82 mm automatic PCP-001): a counterpart
#: of other mortars before howitzers. Gun-mortars (2S9, 2S31, PLL-05) fire shells as well and stay SPH.
Role = Literal["MBT", "TD", "IFV", "APC", "SPH", "TH", "MOR", "MLRS", "SRBM"]
Mount = Literal["main", "coaxial", "commander", "remote", "secondary", "launcher"]

T = TypeVar("T")


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True, defer_build=True)

    @field_validator("*", mode="before")
    @classmethod
    def _printable(cls, value: Any) -> Any:
        """Refuse control and bidi-override characters in any text: they would reach terminals, pages and
        databases as they are (an ESC sequence retitles a terminal, U+202E reverses what a name reads)."""
        for text in (value,) if isinstance(value, str) else value if isinstance(value, list | tuple) else ():
            if isinstance(text, str) and (where := unsafe_character(text)) is not None:
                raise ValueError(f"contains {where}; control and bidirectional-override characters are not allowed")
        return value


class Source(_Model):
    """A public page, article or document that figures are taken from."""

    id: Id
    title: Text
    publisher: Text
    url: Annotated[str, Field(pattern=r"^https?://\S+$")] | None = None
    #: What was read instead of a page at a known address (a copy of the article given to the project, say):
    #: a read source has a ``url`` or says this (``validate`` checks it, `equipref.rules`).
    read_from: Text | None = None
    date: Annotated[str, Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")] | None = None
    kind: SourceKind
    #: Typed by hand for a source the catalog read; F, filled in when left out, for one it never read (`read`):
    #: what was not read cannot be judged (``validate`` refuses any other grade on it, `equipref.lineage`).
    reliability: Reliability | None = None
    language: Annotated[str, Field(pattern=r"^[a-z]{2}$")] | None = None
    #: The day the page was read for this catalog. Every read source of the built-in catalog has one (a test
    #: keeps it so); the model leaves it optional so that catalogs from before it existed still load and diff.
    accessed: AccessDate | None = None
    #: The sources whose content this one repeats: they and it count as one origin (`equipref.provenance`).
    retells: tuple[Id, ...] = ()
    relation: Relation | None = None
    #: False for a source the catalog knows only through one that retells it: no claim may cite it directly.
    read: bool = True
    #: A state-owned or state-directed outlet (TASS, Sputnik, RT, Xinhua, CGTN, China Daily...): never graded
    #: better than B, since it is not independent of the government whose claims it reports.
    state_media: bool = False
    #: A permanent revision id or permalink, for pages that change under one address (wikis); ``"not recorded"``
    #: where the copy read showed none (`equipref.rules`: ``validate`` asks a Wikipedia page for this or
    #: ``revision_date``).
    revision: Annotated[str, Field(min_length=1, max_length=300)] | None = None
    #: The date of the revision read, as the page gives it ("last edited on ..."), when no revision id is known.
    revision_date: Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$")] | None = None
    note: str = ""

    @model_validator(mode="before")
    @classmethod
    def _unread_cannot_be_judged(cls, value: Any) -> Any:
        """An unread source with no grade is F: its grade is a rule, not an editor's judgement, so a catalog
        need not type it (and one typed differently is refused by ``validate``, not silently changed)."""
        if isinstance(value, dict) and value.get("read") is False and value.get("reliability") is None:
            return {**value, "reliability": "F"}
        return value

    @model_validator(mode="after")
    def _relation_goes_with_retells(self) -> Source:
        if self.retells and self.relation is None:
            raise ValueError('`retells` needs `relation` ("retells", "mirrors" or "relays")')
        if self.relation is not None and not self.retells:
            raise ValueError("`relation` needs `retells`: the ids of the sources this one repeats")
        if not self.read and self.accessed is not None:
            raise ValueError("an unread source (read = false) has no `accessed` date")
        if self.id in self.retells:
            raise ValueError(f"source {self.id!r} cannot retell itself")
        return self


class Claim(_Model, Generic[T]):
    """One value as one or more sources state it, with what it applies to (``qualifier``) and how sure."""

    value: T
    sources: tuple[Id, ...] = Field(min_length=1)
    qualifier: str = ""
    hedge: Hedge | None = None
    #: For a munition's range only: the weapon the source says it was fired from. The claim then holds for that
    #: weapon alone, so a munition shared by several guns never lends one gun's range to another.
    fired_from: Id | None = None
    #: On a record several systems share (a weapon, a munition): the systems the source gives this figure for.
    #: For any other system that reaches the record it is an inference, and `is_direct` says so.
    stated_for: tuple[Id, ...] = ()
    basis: Basis | None = None
    note: str = ""

    def is_direct(self, system_id: str | None) -> bool:
        """Whether the source gives this figure for ``system_id`` itself, not for another system that shares the
        record it sits on (a claim that names no system, or a question about no system, is direct)."""
        return not self.stated_for or system_id is None or system_id in self.stated_for

    def rival_key(self) -> object:
        """Claims of one field are rivals (weighed against each other) when their keys are equal: all of them,
        except where a subclass knows better (`Tally`)."""
        return None

    @property
    def is_soft(self) -> bool:
        """A test result or the catalog's reading (`basis`): shown with its claims, never as a headline."""
        return self.basis is not None

    if not TYPE_CHECKING:

        def __class_getitem__(cls, value_type: Any) -> type[Claim[Any]]:
            """``Claim[Length]`` is a plain subclass whose ``value`` is a `Length`, made once.

            Not pydantic's generic parametrisation: that builds ``Claim``'s validator on the spot, and with it
            imports pydantic's plugin loader and ``importlib.metadata`` (a sixth of ``import pint``), on
            every start, even where nothing is ever validated (a catalog read back from its snapshot).
            """
            found = _CLAIMS.get(value_type)
            if found is None:
                name = f"Claim[{_CLAIM_NAMES.get(value_type) or getattr(value_type, '__name__', value_type)}]"
                namespace = {"__annotations__": {"value": value_type}, "__module__": __name__, "__qualname__": name}
                found = _CLAIMS[value_type] = type(cls)(name, (cls,), namespace)
            return found


_CLAIMS: dict[Any, type[Claim[Any]]] = {}


class Tally(Claim[Count]):
    """A count of systems (``numbers``) with what it counts, whose they are and when: 18 paraded in 1999 and about
    200 in service are not rival figures, so only counts of one kind, holder and year are weighed together."""

    counts: CountKind | None = None
    #: Whose systems are counted (``"PLA"``, ``"Peru"``, ``"Russian Ground Forces"``), where the source says.
    holder: Text | None = None
    #: The year the count is for (a parade, a delivery, "by 2020"), where the source says.
    year: Year | None = None

    def rival_key(self) -> object:
        """Counts are rivals only with counts of the same kind, holder and year; one whose kind is not recorded
        is a rival of none (nothing says it counts what another does)."""
        return ("count", self.counts, self.holder, self.year) if self.counts is not None else ("unkinded", id(self))


class AmmunitionFamily(_Model):
    """What decides whether two weapons can share rounds: caliber, bore, loading, the standard and the case length.

    Any of them may be unknown (left out) when no source states it; the family's ``sources`` back the rest.
    """

    id: Id
    name: Text
    caliber: Length | None = None
    bore: Bore | None = None
    loading: Loading | None = None
    standard: str | None = None
    #: The cartridge case length, where the caliber alone does not name the round (30 x 165 mm, not 30 x 173 mm).
    #: A ``standard`` written as a designation (``"30x165mm"``) gives it too; the two must then agree.
    case_length: Length | None = None
    origin: CountryCode | None = None
    sources: tuple[Id, ...] = Field(min_length=1)
    note: str = ""


class Evidence(_Model):
    """A sourced statement on whether ``ammunition`` family rounds work in weapons of family ``fired_from``.

    ``stance`` is ``interchangeable``, ``conditional`` (with ``conditions``), ``incompatible``, or ``doubt``:
    a source that questions the fit without settling it. ``both_ways`` says the statement covers the reverse
    direction too; otherwise it says nothing about it.

    A record is identified by its ``id`` when it has one, else by what it says: its two families, its stance
    and its sources (`key`). A later catalog layer replaces a record with the same identity instead of
    repeating it, so an export loaded on top of the catalog it came from changes nothing.
    """

    id: Id | None = None
    ammunition: Id
    fired_from: Id
    stance: Stance
    both_ways: bool = False
    conditions: tuple[Text, ...] = ()
    sources: tuple[Id, ...] = Field(min_length=1)
    note: str = ""

    @property
    def key(self) -> str:
        """The record's identity across catalog layers: its ``id``, else families, stance and sources."""
        if self.id is not None:
            return self.id
        return f"{self.ammunition}>{self.fired_from}:{self.stance}:{'+'.join(sorted(self.sources))}"


class Alias(_Model):
    """Another name a system, weapon or munition goes by, as a source writes it (``Т-90М``, ``99式``, ``Msta-S``).

    In a catalog file an alias is a plain string, or ``{ name = "2С19 «Мста-С»", sources = ["id"] }`` with the
    sources that use it; names in another script than Latin need their source (a content test keeps it so).
    """

    name: Text
    sources: tuple[Id, ...] = ()
    note: str = ""

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        return {"name": value} if isinstance(value, str) else value

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        table = handler(schema)
        return {"anyOf": [{"type": "string", "minLength": 1, "maxLength": 2000}, table]}


class _Named(_Model):
    """What systems, weapons and munitions share: an id, a display name and the aliases they go by."""

    id: Id
    name: Text
    aliases: tuple[Alias, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The display name, then every alias, as written."""
        return (self.name, *(a.name for a in self.aliases))


class Weapon(_Named):
    """A gun, cannon, machine gun, or rocket or missile launcher, independent of the system carrying it.

    A weapon with no caliber claim has an unknown caliber: it is never matched by caliber, and its ammunition
    is not graded against other weapons of its kind.
    """

    kind: WeaponKind
    caliber: tuple[Claim[Length], ...] = ()
    family: Id | None = None
    origin: CountryCode | None = None
    derived_from: tuple[Claim[Id], ...] = ()
    tubes: tuple[Claim[Count], ...] = ()
    note: str = ""


class Munition(_Named):
    """A round, rocket or missile; range is a property of the munition (fired from its launcher)."""

    family: Id
    kind: MunitionKind
    caliber: tuple[Claim[Length], ...] = ()
    max_range: tuple[Claim[Length], ...] = ()
    min_range: tuple[Claim[Length], ...] = ()
    #: Sourced statements about the munition (its nature, a designation, what a source says it is for).
    notes: tuple[Claim[Text], ...] = ()
    note: str = ""


class Armament(_Model):
    """A weapon as mounted on a system, with the rounds it carries and the munitions it fires there.

    ``sources`` are the sources that put this weapon on this system.
    """

    weapon: Id
    mount: Mount = "main"
    sources: tuple[Id, ...] = ()
    rounds: tuple[Claim[Count], ...] = ()
    munitions: tuple[Id, ...] = ()
    note: str = ""


class Counterpart(_Model):
    """A pairing of this system with another that a source asserts."""

    system: Id
    sources: tuple[Id, ...] = Field(min_length=1)
    note: str = ""


class System(_Named):
    """A fielded vehicle or launcher: a tank, IFV, APC, howitzer, rocket launcher or missile system.

    A major variant whose figures differ (Type 99A, T-90M) is a System of its own with ``variant_of`` naming
    its base. It inherits nothing: every figure and weapon on it is sourced for the variant, so a command
    asked about the variant never answers with the base's figures.
    """

    variant_of: Id | None = None
    country: CountryCode
    role: Role
    armament: tuple[Armament, ...] = ()
    crew: tuple[Claim[Count], ...] = ()
    combat_weight: tuple[Claim[Mass], ...] = ()
    in_service: tuple[Claim[Year], ...] = ()
    #: How it moves where a source says so (`Mobility`); left out, it is unknown, never guessed from the role.
    mobility: tuple[Claim[Mobility], ...] = ()
    numbers: tuple[Tally, ...] = ()
    counterparts: tuple[Counterpart, ...] = ()
    notes: tuple[Claim[Text], ...] = ()
    note: str = ""

    @property
    def main_armament(self) -> tuple[Armament, ...]:
        """The main weapons and launchers, in catalog order; the first weapon if none is marked so."""
        return tuple(a for a in self.armament if a.mount in ("main", "launcher")) or self.armament[:1]


class CatalogData(_Model):
    """The content of one catalog file, and of a whole catalog exported as JSON.

    Every section is optional, so a file may hold one system, a list of sources, or anything in between.
    """

    source: tuple[Source, ...] = ()
    family: tuple[AmmunitionFamily, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    weapon: tuple[Weapon, ...] = ()
    munition: tuple[Munition, ...] = ()
    system: tuple[System, ...] = ()
