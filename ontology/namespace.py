"""The closed namespace of the Kembar ontology, ``kmb:``.

Generated from ontology/kembar.ttl by ``python -m kembar.ontology.generate``;
do not edit by hand. An unknown term is an AttributeError.

>>> KMB.Agreement
rdflib.term.URIRef('https://w3id.org/kembar/ontology#Agreement')
"""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

__all__ = ["KMB"]


class KMB(DefinedNamespace):
    """Terms of https://w3id.org/kembar/ontology# (prefix ``kmb``)."""

    _fail = True
    _NS = Namespace("https://w3id.org/kembar/ontology#")

    AbsoluteCentralAffair: URIRef  # absolute central affair
    ActiveParticipation: URIRef  # initiative of government, community and business
    Actor: URIRef  # Actor
    AdminLevel: URIRef  # Administrative Level
    AdminLevelScheme: URIRef  # administrative levels
    AffairType: URIRef  # Affair Type
    Agreement: URIRef  # Agreement
    AgreementDocument: URIRef  # Agreement Document
    AgreementStatus: URIRef  # Agreement Status
    AgreementStatusScheme: URIRef  # agreement statuses
    AnalysisLevel: URIRef  # Analysis Level
    AnalysisLevelScheme: URIRef  # levels of analysis
    Approval: URIRef  # Approval
    Assessment: URIRef  # Assessment
    Benefit: URIRef  # Benefit
    BroadCommission: URIRef  # broad sister-city commission
    Business: URIRef  # Business
    BusinessStakeholder: URIRef  # business
    CapacityBuildingPackage: URIRef  # long-term capacity building
    CapitalImbalance: URIRef  # imbalance in base capital
    CentralGovernmentBody: URIRef  # Central Government Body
    CircularLetter: URIRef  # circular letter
    CivilSocietyGroup: URIRef  # Civil Society Group
    ClearObjectives: URIRef  # clear objectives and yearly review
    CloserFriendship: URIRef  # closer friendship
    CollectiveToComprehensiveSecurity: URIRef  # collective to comprehensive security
    CommunitySecurity: URIRef  # community security
    CommunityStakeholder: URIRef  # community
    ConfidenceLevel: URIRef  # Confidence Level
    ConfirmedByPages: URIRef  # in the Wikipedia list and confirmed by pages
    CooperationField: URIRef  # Cooperation Field
    CooperationFieldScheme: URIRef  # cooperation fields
    CooperationPlan: URIRef  # Cooperation Plan
    Country: URIRef  # Country
    CrossCuttingOrigin: URIRef  # from every aspect of life
    CulturalEnrichment: URIRef  # cultural enrichment
    CulturalSensitivity: URIRef  # cultural sensitivity and balance
    Dependency: URIRef  # waiting for government facilities
    DiplomaticRelations: URIRef  # diplomatic relations
    DiplomaticStatusRecord: URIRef  # Diplomatic Status Record
    DomesticPartnerFirst: URIRef  # domestic partner first
    DprdApproval: URIRef  # DPRD Approval
    EconomicSector: URIRef  # economic sector
    EconomicSecurity: URIRef  # economic security
    EnablingRegulation: URIRef  # enabling regulation
    EnvironmentalDamage: URIRef  # environmental damage
    EnvironmentalSector: URIRef  # environmental sector
    EnvironmentalSecurity: URIRef  # environmental security
    EvidenceClass: URIRef  # Evidence Class
    EvidenceLevel: URIRef  # Evidence Level
    ExternalOrigin: URIRef  # external
    FieldAgriculture: URIRef  # agriculture
    FieldCommunicationInformatics: URIRef  # communication and informatics
    FieldCulturalExchange: URIRef  # cultural exchange
    FieldCulture: URIRef  # culture
    FieldDefence: URIRef  # defence
    FieldDisasterManagement: URIRef  # disaster management
    FieldEconomy: URIRef  # economy
    FieldEducation: URIRef  # education
    FieldEnvironment: URIRef  # environment
    FieldForeignPolicy: URIRef  # foreign policy
    FieldGovernanceCapacity: URIRef  # technical and governance capacity
    FieldHealth: URIRef  # health
    FieldHousing: URIRef  # housing and settlements
    FieldIndustry: URIRef  # industry
    FieldInvestment: URIRef  # investment
    FieldJustice: URIRef  # justice
    FieldMarineFisheries: URIRef  # marine affairs and fisheries
    FieldMonetaryFiscal: URIRef  # national monetary and fiscal affairs
    FieldOtherLawful: URIRef  # other lawful object
    FieldPublicWorks: URIRef  # public works and spatial planning
    FieldRegionalPromotion: URIRef  # promotion of regional potential
    FieldReligion: URIRef  # religion
    FieldScienceTechnology: URIRef  # science and technology
    FieldSecurity: URIRef  # security (national)
    FieldSmes: URIRef  # cooperatives and small enterprises
    FieldSocialWelfare: URIRef  # social welfare
    FieldTourism: URIRef  # tourism
    FieldTrade: URIRef  # trade
    FieldTransport: URIRef  # transport
    FieldYouthSport: URIRef  # youth and sport
    FinancialBurden: URIRef  # financial burden
    FoodInsecurity: URIRef  # food insecurity
    FoodSecurity: URIRef  # food security
    FriendshipAgreement: URIRef  # Friendship Agreement
    GoodCommunication: URIRef  # first-rate communication
    GovernmentAndBusinessSupport: URIRef  # government support and business contribution
    GovernmentRegulation: URIRef  # government regulation
    GovernmentStakeholder: URIRef  # government
    HealthSecurity: URIRef  # health security
    HumanSecurityDimension: URIRef  # Human Security Dimension
    HumanSecurityDimensionScheme: URIRef  # human-security dimensions
    HumanSecurityReferent: URIRef  # human security
    HumanTrafficking: URIRef  # human trafficking
    ImplementingArrangement: URIRef  # Implementing Arrangement
    Individual: URIRef  # individual
    Inequality: URIRef  # inequality
    InfectiousDisease: URIRef  # infectious disease
    InstrumentType: URIRef  # Instrument Type
    InternalOrigin: URIRef  # internal
    InternationalOrganisation: URIRef  # International Organisation
    InternationalSubsystem: URIRef  # international subsystem
    InternationalSystem: URIRef  # international system
    Kabupaten: URIRef  # regency (Indonesia)
    KemluConfirmation: URIRef  # Foreign Affairs Confirmation
    KnowledgeExchange: URIRef  # knowledge and experience exchange
    Kota: URIRef  # city (Indonesia)
    LegalInstrument: URIRef  # Legal Instrument
    LegalRegime: URIRef  # Legal Regime
    LegalRegimeScheme: URIRef  # legal regimes
    LetterOfIntent: URIRef  # Letter of Intent
    LocalGovernment: URIRef  # Local Government
    Locality: URIRef  # Locality
    LowConfidence: URIRef  # low confidence
    LowCostExchanges: URIRef  # low-cost yearly exchanges
    MandatoryBasicService: URIRef  # mandatory basic-service affair
    MandatoryNonBasicService: URIRef  # mandatory non-basic-service affair
    MemorandumOfUnderstanding: URIRef  # Memorandum of Understanding
    MendagriApproval: URIRef  # Home Affairs Approval
    MilitaryAggression: URIRef  # military aggression
    MilitarySector: URIRef  # military sector
    MinisterialRegulation: URIRef  # ministerial regulation
    MunicipalLevel: URIRef  # municipal level
    NationalSecurityReferent: URIRef  # national security
    NaturalDisaster: URIRef  # natural disaster
    NegativeImpact: URIRef  # Negative Impact
    NoDiplomaticRelations: URIRef  # no diplomatic relations
    NonProfitOrganisation: URIRef  # Non-Profit Organisation
    NonStateActor: URIRef  # Non-State Actor
    NonTraditionalThreat: URIRef  # Non-Traditional Threat
    NotRecognised: URIRef  # not recognised
    OneSidedBenefit: URIRef  # one-sided benefit
    OptionalAffair: URIRef  # optional affair
    OtherCooperation: URIRef  # Other Cooperation
    Otorita: URIRef  # special capital authority (Indonesia)
    PagesOnly: URIRef  # pages only
    ParadigmShift: URIRef  # Paradigm Shift
    PersonalSecurity: URIRef  # personal security
    PoliticalSector: URIRef  # political sector
    PoliticalSecurity: URIRef  # political security
    Poverty: URIRef  # poverty
    PresidentialRegulation: URIRef  # presidential regulation
    PrimaryEvidence: URIRef  # primary text read
    Programme: URIRef  # Programme
    ProvinceLevel: URIRef  # province level
    Provinsi: URIRef  # province (Indonesia)
    Recommendation: URIRef  # Recommendation
    ReferentObject: URIRef  # Referent Object
    RegimePMDN3of2008: URIRef  # Permendagri 3/2008 regime
    RegimePP28of2018: URIRef  # PP 28/2018 regime
    RegimePP28of2018PMDN25of2020: URIRef  # PP 28/2018 with Permendagri 25/2020
    RegimePre1993: URIRef  # before the 1993 circular
    RegimeSE1993: URIRef  # 1993 circular regime
    RegionalParliament: URIRef  # Regional Parliament
    RegularExchanges: URIRef  # regular planned exchanges
    RelationStatus: URIRef  # Relation Status
    ResourceAlliances: URIRef  # alliances that stretch resources
    RiskTaking: URIRef  # courage for ambitious projects
    Rule: URIRef  # Rule
    RuleScheme: URIRef  # rule catalogue
    SecondaryEvidence: URIRef  # secondary quotation
    Securitisation: URIRef  # Securitisation
    SecuritySector: URIRef  # Security Sector
    SecuritySectorScheme: URIRef  # security sectors
    SisterCityAgreement: URIRef  # Sister City Agreement
    SisterProvinceAgreement: URIRef  # Sister Province Agreement
    SocietalSector: URIRef  # societal sector
    StakeholderGroup: URIRef  # Stakeholder Group
    StakeholderGroupScheme: URIRef  # stakeholder groups
    State: URIRef  # State
    StateActor: URIRef  # State Actor
    StateToNonStateActors: URIRef  # state to non-state actors
    StatusActive: URIRef  # active
    StatusDormant: URIRef  # dormant
    StatusExpired: URIRef  # expired
    StatusExploration: URIRef  # exploration only
    StatusInProcess: URIRef  # in process
    StatusLetterOfIntent: URIRef  # letter of intent only
    StatusMoUSigned: URIRef  # MoU signed
    StatusProposed: URIRef  # proposed
    StatusRenewed: URIRef  # renewed
    StatusStalled: URIRef  # stalled
    StatusUnknown: URIRef  # unknown
    Statute: URIRef  # statute
    Subunit: URIRef  # subunit
    SuccessFactor: URIRef  # Success Factor
    SurabayaAsModel: URIRef  # Surabaya as role model
    TerritorialToHumanSecurity: URIRef  # territorial to human security
    Territory: URIRef  # Dependent Territory
    Terrorism: URIRef  # terrorism
    Threat: URIRef  # Threat
    ThreatOrigin: URIRef  # Threat Origin
    ThreatScheme: URIRef  # threats
    TraditionalThreat: URIRef  # Traditional Threat
    Uncertain: URIRef  # conflicting sources
    UnconfirmedEvidence: URIRef  # not confirmed
    Unit: URIRef  # unit
    University: URIRef  # University
    WikipediaListOnly: URIRef  # Wikipedia list only
    activitiesPerYear: URIRef  # activities per year
    adminLevel: URIRef  # administrative level
    administeredBy: URIRef  # administered by
    affairType: URIRef  # affair type
    analysisLevel: URIRef  # analysis level
    appliesUnder: URIRef  # applies under
    approval: URIRef  # approval
    approvedBy: URIRef  # approved by
    assesses: URIRef  # assesses
    basedOn: URIRef  # based on
    benefitObserved: URIRef  # benefit observed
    confidence: URIRef  # stated confidence
    cooperationField: URIRef  # cooperation field
    correspondsToSector: URIRef  # corresponds to sector
    countersignedOn: URIRef  # countersigned on
    country: URIRef  # country
    dimension: URIRef  # human-security dimension
    diplomaticStatus: URIRef  # diplomatic status
    document: URIRef  # document
    evidence: URIRef  # evidence
    evidenceLevel: URIRef  # evidence level
    excludedCentralAffair: URIRef  # excluded central affair
    fieldLabel: URIRef  # field as stated
    foundedIn: URIRef  # founded in
    inForceFrom: URIRef  # in force from
    inForceUntil: URIRef  # in force until
    instrumentType: URIRef  # instrument type
    isSpecialRegion: URIRef  # is special region
    iso3166Alpha2: URIRef  # ISO 3166-1 alpha-2 code
    legalBasis: URIRef  # legal basis
    linkedSector: URIRef  # linked sector
    negativeImpactObserved: URIRef  # negative impact observed
    organisedBy: URIRef  # organised by
    participantOrigin: URIRef  # participants from
    party: URIRef  # party
    province: URIRef  # province
    recognisedBy: URIRef  # recognised by
    referentObject: URIRef  # referent object
    regimeEnd: URIRef  # regime end
    regimeInstrument: URIRef  # regime instrument
    regimeStart: URIRef  # regime start
    relationStatus: URIRef  # relation status
    renewalOf: URIRef  # renewal of
    renewedIn: URIRef  # renewed in
    requirement: URIRef  # requirement
    ruleId: URIRef  # rule ID
    seatOf: URIRef  # seat of
    sector: URIRef  # sector
    securitisedThreat: URIRef  # securitised threat
    securitisingActor: URIRef  # securitising actor
    severity: URIRef  # severity
    signedOn: URIRef  # signed on
    sovereign: URIRef  # sovereign state
    stakeholderParticipates: URIRef  # stakeholder group takes part
    status: URIRef  # status
    statusAsOf: URIRef  # status as of
    successFactorHolds: URIRef  # success factor holds
    supersedes: URIRef  # supersedes
    threatAddressed: URIRef  # threat addressed
    threatOrigin: URIRef  # threat origin
    threatRaised: URIRef  # threat raised
    twinnedWith: URIRef  # twinned with
    underAgreement: URIRef  # under agreement
    validFrom: URIRef  # valid from
    validUntil: URIRef  # valid until
