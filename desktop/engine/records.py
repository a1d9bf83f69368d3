"""The engine's records: the part of ``dataclasses`` the engine uses, without its start-up cost.

The standard ``@dataclass`` imports ``inspect`` (and with it ``ast``, ``dis``, ``tokenize``) and
compiles five or six methods for every class. For the engine's two dozen records that was most of
the start of ``margin-desk evaluate`` and ``apply``: about twice Python's own start-up. Here
``__repr__``, ``__eq__``, ``__hash__`` and the frozen ``__setattr__``/``__delattr__`` are shared
closures that behave as the standard ones do (same repr text, same equality, same hash values), and
``__init__`` binds its arguments in Python until a record has been made a few times; then a compiled
``__init__`` that sets each slot directly takes over (the limits' searches make thousands).

Type checkers see the standard ``dataclass``, ``field`` and ``replace`` (the same semantics), so
every record is checked as a dataclass. Supported: ``frozen``, ``slots``, plain defaults and
``field(default=..., default_factory=...)``; no inheritance between records, no ``order``.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing itself is a start-up cost this module exists to avoid
if TYPE_CHECKING:
    from dataclasses import FrozenInstanceError, dataclass, field, replace
else:
    from operator import attrgetter

    class FrozenInstanceError(AttributeError):
        """Assigning to a field of a frozen record (as ``dataclasses.FrozenInstanceError``)."""

    _MISSING = object()  # no default given
    _FACTORY = object()  # the __init__ default of a field whose default comes from a factory

    class _Field:
        __slots__ = ("default", "default_factory")

        def __init__(self, default, default_factory):
            self.default = default
            self.default_factory = default_factory

    def field(*, default=_MISSING, default_factory=_MISSING):
        if default is not _MISSING and default_factory is not _MISSING:
            raise ValueError("cannot specify both default and default_factory")
        return _Field(default, default_factory)

    def dataclass(cls=None, /, *, frozen=False, slots=False):
        def wrap(cls):
            return _record(cls, frozen, slots)

        return wrap if cls is None else wrap(cls)

    def replace(obj, /, **changes):
        """A copy of the record ``obj`` with ``changes`` (field name → value)."""
        names = getattr(type(obj), "__record_fields__", None)
        if names is None:
            raise TypeError("replace() should be called on record instances")
        for name in names:
            if name not in changes:
                changes[name] = getattr(obj, name)
        return obj.__class__(**changes)

    def _is_class_variable(annotation) -> bool:
        text = annotation if isinstance(annotation, str) else repr(annotation)
        return text.startswith(("ClassVar", "typing.ClassVar"))

    def _record(cls, frozen, slots):
        if cls.__bases__ != (object,):
            raise TypeError(f"{cls.__name__}: records do not inherit")
        annotations = cls.__dict__.get("__annotations__", {})
        names = tuple(name for name, kind in annotations.items() if not _is_class_variable(kind))
        defaults, factories = {}, {}
        for name in names:
            value = cls.__dict__.get(name, _MISSING)
            if isinstance(value, _Field):
                if value.default_factory is not _MISSING:
                    factories[name] = value.default_factory
                elif value.default is not _MISSING:
                    defaults[name] = value.default
            elif value is not _MISSING:
                if type(value) in (list, dict, set):
                    raise ValueError(
                        f"mutable default {type(value)} for field {name} is not allowed: use default_factory"
                    )
                defaults[name] = value
        _check_default_order(names, defaults, factories)

        if slots:
            body = {k: v for k, v in cls.__dict__.items() if k not in names and k not in ("__dict__", "__weakref__")}
            body["__slots__"] = names
            qualname = cls.__qualname__
            cls = type(cls)(cls.__name__, cls.__bases__, body)
            cls.__qualname__ = qualname
        else:
            for name in names:
                if name in factories:
                    delattr(cls, name)
                elif name in defaults:
                    setattr(cls, name, defaults[name])

        cls.__record_fields__ = names
        cls.__match_args__ = names
        _add(cls, "__init__", _init(cls, names, defaults, factories, frozen, slots))
        values = _values(names)
        _add(cls, "__repr__", _repr(names))
        _add(cls, "__eq__", _eq(values))
        if "__hash__" not in cls.__dict__ or cls.__dict__["__hash__"] is None:
            cls.__hash__ = _hash(values) if frozen else None
        if frozen:
            cls.__setattr__, cls.__delattr__ = _frozen(cls, frozenset(names))
            if slots:  # pickle and copy restore the slots around the frozen __setattr__
                cls.__getstate__, cls.__setstate__ = _state(names)
        return cls

    def _check_default_order(names, defaults, factories):
        defaulted = False
        for name in names:
            if name in defaults or name in factories:
                defaulted = True
            elif defaulted:
                raise TypeError(f"non-default argument {name!r} follows default argument")

    def _add(cls, name, method):
        if name not in cls.__dict__:
            method.__qualname__ = f"{cls.__qualname__}.{name}"
            setattr(cls, name, method)

    # Records made this often get a compiled __init__. Compiling one costs about as much as a few
    # dozen calls of the Python one, and most records are made only a few times per command.
    _COMPILE_AFTER = 16

    def _init(cls, names, defaults, factories, frozen, slots):
        """``__init__(self, a, b=default, ...)``: bound in Python at first, compiled once made often."""
        setters = [_setter(cls, name, frozen, slots) for name in names]
        made = 0

        def __init__(self, *args, **kwargs):
            nonlocal made
            made += 1
            if made >= _COMPILE_AFTER:
                cls.__init__ = _compiled_init(cls, names, defaults, factories, frozen, slots)
            for set_field, value in zip(setters, _bind(cls, names, defaults, factories, args, kwargs)):
                set_field(self, value)

        return __init__

    def _setter(cls, name, frozen, slots):
        if slots:
            return getattr(cls, name).__set__
        if frozen:
            return lambda self, value: object.__setattr__(self, name, value)
        return lambda self, value: setattr(self, name, value)

    def _bind(cls, names, defaults, factories, args, kwargs):
        """The field values of a call, in order, as Python binds them to ``__init__(self, a, b=...)``."""
        where = f"{cls.__qualname__}.__init__()"
        if len(args) > len(names):
            raise TypeError(f"{where} takes {len(names) + 1} positional arguments but {len(args) + 1} were given")
        values = list(args)
        for name in names[len(args) :]:
            if name in kwargs:
                values.append(kwargs.pop(name))
            elif name in defaults:
                values.append(defaults[name])
            elif name in factories:
                values.append(factories[name]())
            else:
                raise TypeError(f"{where} missing 1 required positional argument: {name!r}")
        for name in kwargs:
            problem = "got multiple values for argument" if name in names else "got an unexpected keyword argument"
            raise TypeError(f"{where} {problem} {name!r}")
        return values

    def _compiled_init(cls, names, defaults, factories, frozen, slots):
        """The same ``__init__``, compiled: it sets each field with no lookups."""
        scope = {"__name__": cls.__module__, "_FACTORY": _FACTORY}
        parameters, lines = [], []
        for index, name in enumerate(names):
            value = name
            if name in defaults:
                scope[f"_default_{index}"] = defaults[name]
                parameters.append(f"{name}=_default_{index}")
            elif name in factories:
                scope[f"_factory_{index}"] = factories[name]
                parameters.append(f"{name}=_FACTORY")
                value = f"_factory_{index}() if {name} is _FACTORY else {name}"
            else:
                parameters.append(name)
            if slots:
                scope[f"_set_{index}"] = getattr(cls, name).__set__
                lines.append(f"    _set_{index}(self, {value})")
            elif frozen:
                lines.append(f"    _object_setattr(self, {name!r}, {value})")
            else:
                lines.append(f"    self.{name} = {value}")
        scope["_object_setattr"] = object.__setattr__
        source = f"def __init__(self, {', '.join(parameters)}):\n" + ("\n".join(lines) or "    pass")
        exec(source, scope)
        compiled = scope["__init__"]
        compiled.__qualname__ = f"{cls.__qualname__}.__init__"
        return compiled

    def _values(names):
        """The fields of a record as a tuple, in order (what ``__eq__`` and ``__hash__`` compare)."""
        if len(names) > 1:
            return attrgetter(*names)
        if names:
            single = attrgetter(names[0])
            return lambda self: (single(self),)
        return lambda self: ()

    def _repr(names):
        def __repr__(self):
            fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
            return f"{self.__class__.__qualname__}({fields})"

        return __repr__

    def _eq(values):
        def __eq__(self, other):
            if other.__class__ is self.__class__:
                return values(self) == values(other)
            return NotImplemented

        return __eq__

    def _hash(values):
        def __hash__(self):
            return hash(values(self))

        return __hash__

    def _state(names):
        def __getstate__(self):
            return [getattr(self, name) for name in names]

        def __setstate__(self, state):
            for name, value in zip(names, state):
                object.__setattr__(self, name, value)

        return __getstate__, __setstate__

    def _frozen(cls, names):
        def __setattr__(self, name, value):
            if type(self) is cls or name in names:
                raise FrozenInstanceError(f"cannot assign to field {name!r}")
            object.__setattr__(self, name, value)

        def __delattr__(self, name):
            if type(self) is cls or name in names:
                raise FrozenInstanceError(f"cannot delete field {name!r}")
            object.__delattr__(self, name)

        return __setattr__, __delattr__


__all__ = ["FrozenInstanceError", "dataclass", "field", "replace"]
