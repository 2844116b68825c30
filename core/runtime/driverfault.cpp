#include "runtime/driverfault.h"

#include <QHash>

using namespace Qt::StringLiterals;

namespace pm {

namespace {

// Modules/_sqlite/util.c (_pysqlite_seterror): the DB-API class by the
// primary result code.
QString sqliteClass(int code)
{
    switch (code) {
    case 2: // SQLITE_INTERNAL
    case 12: // SQLITE_NOTFOUND
        return u"InternalError"_s;
    case 1: // SQLITE_ERROR
    case 3: // SQLITE_PERM
    case 4: // SQLITE_ABORT
    case 5: // SQLITE_BUSY
    case 6: // SQLITE_LOCKED
    case 8: // SQLITE_READONLY
    case 9: // SQLITE_INTERRUPT
    case 10: // SQLITE_IOERR
    case 13: // SQLITE_FULL
    case 14: // SQLITE_CANTOPEN
    case 15: // SQLITE_PROTOCOL
    case 16: // SQLITE_EMPTY
    case 17: // SQLITE_SCHEMA
        return u"OperationalError"_s;
    case 11: // SQLITE_CORRUPT
        return u"DatabaseError"_s;
    case 18: // SQLITE_TOOBIG
        return u"DataError"_s;
    case 19: // SQLITE_CONSTRAINT
    case 20: // SQLITE_MISMATCH
        return u"IntegrityError"_s;
    case 21: // SQLITE_MISUSE
    case 25: // SQLITE_RANGE
        return u"InterfaceError"_s;
    default:
        return {}; // SQLITE_NOMEM is Python's MemoryError, not a DB-API error
    }
}

// psycopg2 2.9's base class by SQLSTATE class (psycopg/error_type.c,
// base_exception_from_sqlstate), as psycopg2.errors.lookup() gives it.
QString postgresBaseClass(const QString &sqlstate)
{
    static const QHash<QString, QString> byClass{
        {u"08"_s, u"OperationalError"_s}, {u"0A"_s, u"NotSupportedError"_s}, {u"20"_s, u"ProgrammingError"_s},
        {u"21"_s, u"ProgrammingError"_s}, {u"22"_s, u"DataError"_s}, {u"23"_s, u"IntegrityError"_s},
        {u"24"_s, u"InternalError"_s}, {u"25"_s, u"InternalError"_s}, {u"26"_s, u"OperationalError"_s},
        {u"27"_s, u"OperationalError"_s}, {u"28"_s, u"OperationalError"_s}, {u"2B"_s, u"InternalError"_s},
        {u"2D"_s, u"InternalError"_s}, {u"2F"_s, u"InternalError"_s}, {u"34"_s, u"OperationalError"_s},
        {u"38"_s, u"InternalError"_s}, {u"39"_s, u"InternalError"_s}, {u"3B"_s, u"InternalError"_s},
        {u"3D"_s, u"ProgrammingError"_s}, {u"3F"_s, u"ProgrammingError"_s}, {u"40"_s, u"OperationalError"_s},
        {u"42"_s, u"ProgrammingError"_s}, {u"44"_s, u"ProgrammingError"_s}, {u"53"_s, u"OperationalError"_s},
        {u"54"_s, u"OperationalError"_s}, {u"55"_s, u"OperationalError"_s}, {u"57"_s, u"OperationalError"_s},
        {u"58"_s, u"OperationalError"_s}, {u"F0"_s, u"InternalError"_s}, {u"HV"_s, u"OperationalError"_s},
        {u"P0"_s, u"InternalError"_s}, {u"XX"_s, u"InternalError"_s}};
    return byClass.value(sqlstate.left(2), u"DatabaseError"_s);
}

// psycopg2.errors' class of each SQLSTATE (psycopg2 2.9.5, generated from
// psycopg2.errorcodes and psycopg2.errors.lookup()).
QString postgresClass(const QString &sqlstate)
{
    static const QHash<QString, QString> classes{
        {u"02000"_s, u"NoData"_s}, {u"02001"_s, u"NoAdditionalDynamicResultSetsReturned"_s},
        {u"03000"_s, u"SqlStatementNotYetComplete"_s}, {u"08000"_s, u"ConnectionException"_s},
        {u"08001"_s, u"SqlclientUnableToEstablishSqlconnection"_s}, {u"08003"_s, u"ConnectionDoesNotExist"_s},
        {u"08004"_s, u"SqlserverRejectedEstablishmentOfSqlconnection"_s}, {u"08006"_s, u"ConnectionFailure"_s},
        {u"08007"_s, u"TransactionResolutionUnknown"_s}, {u"08P01"_s, u"ProtocolViolation"_s},
        {u"09000"_s, u"TriggeredActionException"_s}, {u"0A000"_s, u"FeatureNotSupported"_s},
        {u"0B000"_s, u"InvalidTransactionInitiation"_s}, {u"0F000"_s, u"LocatorException"_s},
        {u"0F001"_s, u"InvalidLocatorSpecification"_s}, {u"0L000"_s, u"InvalidGrantor"_s},
        {u"0LP01"_s, u"InvalidGrantOperation"_s}, {u"0P000"_s, u"InvalidRoleSpecification"_s},
        {u"0Z000"_s, u"DiagnosticsException"_s}, {u"0Z002"_s, u"StackedDiagnosticsAccessedWithoutActiveHandler"_s},
        {u"20000"_s, u"CaseNotFound"_s}, {u"21000"_s, u"CardinalityViolation"_s}, {u"22000"_s, u"DataException"_s},
        {u"22001"_s, u"StringDataRightTruncation"_s}, {u"22002"_s, u"NullValueNoIndicatorParameter"_s},
        {u"22003"_s, u"NumericValueOutOfRange"_s}, {u"22004"_s, u"NullValueNotAllowed"_s},
        {u"22005"_s, u"ErrorInAssignment"_s}, {u"22007"_s, u"InvalidDatetimeFormat"_s},
        {u"22008"_s, u"DatetimeFieldOverflow"_s}, {u"22009"_s, u"InvalidTimeZoneDisplacementValue"_s},
        {u"2200B"_s, u"EscapeCharacterConflict"_s}, {u"2200C"_s, u"InvalidUseOfEscapeCharacter"_s},
        {u"2200D"_s, u"InvalidEscapeOctet"_s}, {u"2200F"_s, u"ZeroLengthCharacterString"_s},
        {u"2200G"_s, u"MostSpecificTypeMismatch"_s}, {u"2200H"_s, u"SequenceGeneratorLimitExceeded"_s},
        {u"2200L"_s, u"NotAnXmlDocument"_s}, {u"2200M"_s, u"InvalidXmlDocument"_s},
        {u"2200N"_s, u"InvalidXmlContent"_s}, {u"2200S"_s, u"InvalidXmlComment"_s},
        {u"2200T"_s, u"InvalidXmlProcessingInstruction"_s}, {u"22010"_s, u"InvalidIndicatorParameterValue"_s},
        {u"22011"_s, u"SubstringError"_s}, {u"22012"_s, u"DivisionByZero"_s},
        {u"22013"_s, u"InvalidPrecedingOrFollowingSize"_s}, {u"22014"_s, u"InvalidArgumentForNtileFunction"_s},
        {u"22015"_s, u"IntervalFieldOverflow"_s}, {u"22016"_s, u"InvalidArgumentForNthValueFunction"_s},
        {u"22018"_s, u"InvalidCharacterValueForCast"_s}, {u"22019"_s, u"InvalidEscapeCharacter"_s},
        {u"2201B"_s, u"InvalidRegularExpression"_s}, {u"2201E"_s, u"InvalidArgumentForLogarithm"_s},
        {u"2201F"_s, u"InvalidArgumentForPowerFunction"_s}, {u"2201G"_s, u"InvalidArgumentForWidthBucketFunction"_s},
        {u"2201W"_s, u"InvalidRowCountInLimitClause"_s}, {u"2201X"_s, u"InvalidRowCountInResultOffsetClause"_s},
        {u"22021"_s, u"CharacterNotInRepertoire"_s}, {u"22022"_s, u"IndicatorOverflow"_s},
        {u"22023"_s, u"InvalidParameterValue"_s}, {u"22024"_s, u"UnterminatedCString"_s},
        {u"22025"_s, u"InvalidEscapeSequence"_s}, {u"22026"_s, u"StringDataLengthMismatch"_s},
        {u"22027"_s, u"TrimError"_s}, {u"2202E"_s, u"ArraySubscriptError"_s},
        {u"2202G"_s, u"InvalidTablesampleRepeat"_s}, {u"2202H"_s, u"InvalidTablesampleArgument"_s},
        {u"22030"_s, u"DuplicateJsonObjectKeyValue"_s}, {u"22031"_s, u"InvalidArgumentForSqlJsonDatetimeFunction"_s},
        {u"22032"_s, u"InvalidJsonText"_s}, {u"22033"_s, u"InvalidSqlJsonSubscript"_s},
        {u"22034"_s, u"MoreThanOneSqlJsonItem"_s}, {u"22035"_s, u"NoSqlJsonItem"_s},
        {u"22036"_s, u"NonNumericSqlJsonItem"_s}, {u"22037"_s, u"NonUniqueKeysInAJsonObject"_s},
        {u"22038"_s, u"SingletonSqlJsonItemRequired"_s}, {u"22039"_s, u"SqlJsonArrayNotFound"_s},
        {u"2203A"_s, u"SqlJsonMemberNotFound"_s}, {u"2203B"_s, u"SqlJsonNumberNotFound"_s},
        {u"2203C"_s, u"SqlJsonObjectNotFound"_s}, {u"2203D"_s, u"TooManyJsonArrayElements"_s},
        {u"2203E"_s, u"TooManyJsonObjectMembers"_s}, {u"2203F"_s, u"SqlJsonScalarRequired"_s},
        {u"2203G"_s, u"SqlJsonItemCannotBeCastToTargetType"_s}, {u"22P01"_s, u"FloatingPointException"_s},
        {u"22P02"_s, u"InvalidTextRepresentation"_s}, {u"22P03"_s, u"InvalidBinaryRepresentation"_s},
        {u"22P04"_s, u"BadCopyFileFormat"_s}, {u"22P05"_s, u"UntranslatableCharacter"_s},
        {u"22P06"_s, u"NonstandardUseOfEscapeCharacter"_s}, {u"23000"_s, u"IntegrityConstraintViolation"_s},
        {u"23001"_s, u"RestrictViolation"_s}, {u"23502"_s, u"NotNullViolation"_s},
        {u"23503"_s, u"ForeignKeyViolation"_s}, {u"23505"_s, u"UniqueViolation"_s}, {u"23514"_s, u"CheckViolation"_s},
        {u"23P01"_s, u"ExclusionViolation"_s}, {u"24000"_s, u"InvalidCursorState"_s},
        {u"25000"_s, u"InvalidTransactionState"_s}, {u"25001"_s, u"ActiveSqlTransaction"_s},
        {u"25002"_s, u"BranchTransactionAlreadyActive"_s},
        {u"25003"_s, u"InappropriateAccessModeForBranchTransaction"_s},
        {u"25004"_s, u"InappropriateIsolationLevelForBranchTransaction"_s},
        {u"25005"_s, u"NoActiveSqlTransactionForBranchTransaction"_s}, {u"25006"_s, u"ReadOnlySqlTransaction"_s},
        {u"25007"_s, u"SchemaAndDataStatementMixingNotSupported"_s},
        {u"25008"_s, u"HeldCursorRequiresSameIsolationLevel"_s}, {u"25P01"_s, u"NoActiveSqlTransaction"_s},
        {u"25P02"_s, u"InFailedSqlTransaction"_s}, {u"25P03"_s, u"IdleInTransactionSessionTimeout"_s},
        {u"26000"_s, u"InvalidSqlStatementName"_s}, {u"27000"_s, u"TriggeredDataChangeViolation"_s},
        {u"28000"_s, u"InvalidAuthorizationSpecification"_s}, {u"28P01"_s, u"InvalidPassword"_s},
        {u"2B000"_s, u"DependentPrivilegeDescriptorsStillExist"_s}, {u"2BP01"_s, u"DependentObjectsStillExist"_s},
        {u"2D000"_s, u"InvalidTransactionTermination"_s}, {u"2F000"_s, u"SqlRoutineException"_s},
        {u"2F002"_s, u"ModifyingSqlDataNotPermitted"_s}, {u"2F003"_s, u"ProhibitedSqlStatementAttempted"_s},
        {u"2F004"_s, u"ReadingSqlDataNotPermitted"_s}, {u"2F005"_s, u"FunctionExecutedNoReturnStatement"_s},
        {u"34000"_s, u"InvalidCursorName"_s}, {u"38000"_s, u"ExternalRoutineException"_s},
        {u"38001"_s, u"ContainingSqlNotPermitted"_s}, {u"38002"_s, u"ModifyingSqlDataNotPermittedExt"_s},
        {u"38003"_s, u"ProhibitedSqlStatementAttemptedExt"_s}, {u"38004"_s, u"ReadingSqlDataNotPermittedExt"_s},
        {u"39000"_s, u"ExternalRoutineInvocationException"_s}, {u"39001"_s, u"InvalidSqlstateReturned"_s},
        {u"39004"_s, u"NullValueNotAllowedExt"_s}, {u"39P01"_s, u"TriggerProtocolViolated"_s},
        {u"39P02"_s, u"SrfProtocolViolated"_s}, {u"39P03"_s, u"EventTriggerProtocolViolated"_s},
        {u"3B000"_s, u"SavepointException"_s}, {u"3B001"_s, u"InvalidSavepointSpecification"_s},
        {u"3D000"_s, u"InvalidCatalogName"_s}, {u"3F000"_s, u"InvalidSchemaName"_s},
        {u"40000"_s, u"TransactionRollback"_s}, {u"40001"_s, u"SerializationFailure"_s},
        {u"40002"_s, u"TransactionIntegrityConstraintViolation"_s}, {u"40003"_s, u"StatementCompletionUnknown"_s},
        {u"40P01"_s, u"DeadlockDetected"_s}, {u"42000"_s, u"SyntaxErrorOrAccessRuleViolation"_s},
        {u"42501"_s, u"InsufficientPrivilege"_s}, {u"42601"_s, u"SyntaxError"_s}, {u"42602"_s, u"InvalidName"_s},
        {u"42611"_s, u"InvalidColumnDefinition"_s}, {u"42622"_s, u"NameTooLong"_s}, {u"42701"_s, u"DuplicateColumn"_s},
        {u"42702"_s, u"AmbiguousColumn"_s}, {u"42703"_s, u"UndefinedColumn"_s}, {u"42704"_s, u"UndefinedObject"_s},
        {u"42710"_s, u"DuplicateObject"_s}, {u"42712"_s, u"DuplicateAlias"_s}, {u"42723"_s, u"DuplicateFunction"_s},
        {u"42725"_s, u"AmbiguousFunction"_s}, {u"42803"_s, u"GroupingError"_s}, {u"42804"_s, u"DatatypeMismatch"_s},
        {u"42809"_s, u"WrongObjectType"_s}, {u"42830"_s, u"InvalidForeignKey"_s}, {u"42846"_s, u"CannotCoerce"_s},
        {u"42883"_s, u"UndefinedFunction"_s}, {u"428C9"_s, u"GeneratedAlways"_s}, {u"42939"_s, u"ReservedName"_s},
        {u"42P01"_s, u"UndefinedTable"_s}, {u"42P02"_s, u"UndefinedParameter"_s}, {u"42P03"_s, u"DuplicateCursor"_s},
        {u"42P04"_s, u"DuplicateDatabase"_s}, {u"42P05"_s, u"DuplicatePreparedStatement"_s},
        {u"42P06"_s, u"DuplicateSchema"_s}, {u"42P07"_s, u"DuplicateTable"_s}, {u"42P08"_s, u"AmbiguousParameter"_s},
        {u"42P09"_s, u"AmbiguousAlias"_s}, {u"42P10"_s, u"InvalidColumnReference"_s},
        {u"42P11"_s, u"InvalidCursorDefinition"_s}, {u"42P12"_s, u"InvalidDatabaseDefinition"_s},
        {u"42P13"_s, u"InvalidFunctionDefinition"_s}, {u"42P14"_s, u"InvalidPreparedStatementDefinition"_s},
        {u"42P15"_s, u"InvalidSchemaDefinition"_s}, {u"42P16"_s, u"InvalidTableDefinition"_s},
        {u"42P17"_s, u"InvalidObjectDefinition"_s}, {u"42P18"_s, u"IndeterminateDatatype"_s},
        {u"42P19"_s, u"InvalidRecursion"_s}, {u"42P20"_s, u"WindowingError"_s}, {u"42P21"_s, u"CollationMismatch"_s},
        {u"42P22"_s, u"IndeterminateCollation"_s}, {u"44000"_s, u"WithCheckOptionViolation"_s},
        {u"53000"_s, u"InsufficientResources"_s}, {u"53100"_s, u"DiskFull"_s}, {u"53200"_s, u"OutOfMemory"_s},
        {u"53300"_s, u"TooManyConnections"_s}, {u"53400"_s, u"ConfigurationLimitExceeded"_s},
        {u"54000"_s, u"ProgramLimitExceeded"_s}, {u"54001"_s, u"StatementTooComplex"_s},
        {u"54011"_s, u"TooManyColumns"_s}, {u"54023"_s, u"TooManyArguments"_s},
        {u"55000"_s, u"ObjectNotInPrerequisiteState"_s}, {u"55006"_s, u"ObjectInUse"_s},
        {u"55P02"_s, u"CantChangeRuntimeParam"_s}, {u"55P03"_s, u"LockNotAvailable"_s},
        {u"55P04"_s, u"UnsafeNewEnumValueUsage"_s}, {u"57000"_s, u"OperatorIntervention"_s},
        {u"57014"_s, u"QueryCanceled"_s}, {u"57P01"_s, u"AdminShutdown"_s}, {u"57P02"_s, u"CrashShutdown"_s},
        {u"57P03"_s, u"CannotConnectNow"_s}, {u"57P04"_s, u"DatabaseDropped"_s}, {u"57P05"_s, u"IdleSessionTimeout"_s},
        {u"58000"_s, u"SystemError"_s}, {u"58030"_s, u"IoError"_s}, {u"58P01"_s, u"UndefinedFile"_s},
        {u"58P02"_s, u"DuplicateFile"_s}, {u"72000"_s, u"SnapshotTooOld"_s}, {u"F0000"_s, u"ConfigFileError"_s},
        {u"F0001"_s, u"LockFileExists"_s}, {u"HV000"_s, u"FdwError"_s}, {u"HV001"_s, u"FdwOutOfMemory"_s},
        {u"HV002"_s, u"FdwDynamicParameterValueNeeded"_s}, {u"HV004"_s, u"FdwInvalidDataType"_s},
        {u"HV005"_s, u"FdwColumnNameNotFound"_s}, {u"HV006"_s, u"FdwInvalidDataTypeDescriptors"_s},
        {u"HV007"_s, u"FdwInvalidColumnName"_s}, {u"HV008"_s, u"FdwInvalidColumnNumber"_s},
        {u"HV009"_s, u"FdwInvalidUseOfNullPointer"_s}, {u"HV00A"_s, u"FdwInvalidStringFormat"_s},
        {u"HV00B"_s, u"FdwInvalidHandle"_s}, {u"HV00C"_s, u"FdwInvalidOptionIndex"_s},
        {u"HV00D"_s, u"FdwInvalidOptionName"_s}, {u"HV00J"_s, u"FdwOptionNameNotFound"_s},
        {u"HV00K"_s, u"FdwReplyHandle"_s}, {u"HV00L"_s, u"FdwUnableToCreateExecution"_s},
        {u"HV00M"_s, u"FdwUnableToCreateReply"_s}, {u"HV00N"_s, u"FdwUnableToEstablishConnection"_s},
        {u"HV00P"_s, u"FdwNoSchemas"_s}, {u"HV00Q"_s, u"FdwSchemaNotFound"_s}, {u"HV00R"_s, u"FdwTableNotFound"_s},
        {u"HV010"_s, u"FdwFunctionSequenceError"_s}, {u"HV014"_s, u"FdwTooManyHandles"_s},
        {u"HV021"_s, u"FdwInconsistentDescriptorInformation"_s}, {u"HV024"_s, u"FdwInvalidAttributeValue"_s},
        {u"HV090"_s, u"FdwInvalidStringLengthOrBufferLength"_s}, {u"HV091"_s, u"FdwInvalidDescriptorFieldIdentifier"_s},
        {u"P0000"_s, u"PlpgsqlError"_s}, {u"P0001"_s, u"RaiseException"_s}, {u"P0002"_s, u"NoDataFound"_s},
        {u"P0003"_s, u"TooManyRows"_s}, {u"P0004"_s, u"AssertFailure"_s}, {u"XX000"_s, u"InternalError_"_s},
        {u"XX001"_s, u"DataCorrupted"_s}, {u"XX002"_s, u"IndexCorrupted"_s},
    };
    return classes.value(sqlstate);
}

} // namespace

std::optional<LiveConnection::StatementFault> driverFault(bool sqlite, const QSqlError &error)
{
    LiveConnection::StatementFault fault;
    if (sqlite) {
        bool known = false;
        const int code = error.nativeErrorCode().toInt(&known) & 0xff;
        fault.driverClass = known ? sqliteClass(code) : QString();
        if (fault.driverClass.isEmpty())
            return std::nullopt;
        fault.driverModule = u"sqlite3"_s;
        fault.driverBase = fault.driverClass;
        fault.message = error.databaseText(); // sqlite3_errmsg(), as sqlite3 words it
        return fault;
    }
    // Qt's QPSQL reports PQerrorMessage() with "(SQLSTATE)" appended;
    // psycopg2's str() is that message after its "ERROR:  " severity.
    const QString sqlstate = error.nativeErrorCode();
    fault.driverClass = postgresClass(sqlstate);
    QString message = error.databaseText();
    const QString suffix = u'(' + sqlstate + u')';
    if (fault.driverClass.isEmpty() || !message.endsWith(suffix) || !message.startsWith(u"ERROR:  "_s))
        return std::nullopt;
    message.chop(suffix.size());
    fault.driverModule = u"psycopg2.errors"_s;
    fault.parametersByName = true;
    fault.driverBase = postgresBaseClass(sqlstate);
    fault.message = message.mid(8);
    return fault;
}

} // namespace pm
