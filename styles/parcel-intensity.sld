<?xml version="1.0" encoding="UTF-8"?>
<StyledLayerDescriptor version="1.0.0" xmlns="http://www.opengis.net/sld" xmlns:ogc="http://www.opengis.net/ogc" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.opengis.net/sld http://schemas.opengis.net/sld/1.0.0/StyledLayerDescriptor.xsd">
  <NamedLayer>
    <Name>parcel-intensity</Name>
    <UserStyle>
      <Name>parcel-intensity</Name>
      <Title>宗地集约利用 Parcel land-use intensity</Title>
      <FeatureTypeStyle>
        <Rule><Name>yes</Name><Title>达标 meets standard</Title><ogc:Filter><ogc:PropertyIsEqualTo><ogc:PropertyName>meets_standard</ogc:PropertyName><ogc:Literal>true</ogc:Literal></ogc:PropertyIsEqualTo></ogc:Filter><PolygonSymbolizer><Fill><CssParameter name="fill">#1a9850</CssParameter><CssParameter name="fill-opacity">0.75</CssParameter></Fill><Stroke><CssParameter name="stroke">#616161</CssParameter><CssParameter name="stroke-width">0.8</CssParameter></Stroke></PolygonSymbolizer></Rule>
        <Rule><Name>no</Name><Title>未达标 below standard</Title><ogc:Filter><ogc:PropertyIsEqualTo><ogc:PropertyName>meets_standard</ogc:PropertyName><ogc:Literal>false</ogc:Literal></ogc:PropertyIsEqualTo></ogc:Filter><PolygonSymbolizer><Fill><CssParameter name="fill">#d73027</CssParameter><CssParameter name="fill-opacity">0.75</CssParameter></Fill><Stroke><CssParameter name="stroke">#616161</CssParameter><CssParameter name="stroke-width">0.8</CssParameter></Stroke></PolygonSymbolizer></Rule>
        <Rule><Name>other</Name><Title>不适用/无数据 not applicable</Title><ogc:Filter><ogc:PropertyIsNull><ogc:PropertyName>meets_standard</ogc:PropertyName></ogc:PropertyIsNull></ogc:Filter><PolygonSymbolizer><Fill><CssParameter name="fill">#9e9e9e</CssParameter><CssParameter name="fill-opacity">0.75</CssParameter></Fill><Stroke><CssParameter name="stroke">#616161</CssParameter><CssParameter name="stroke-width">0.8</CssParameter></Stroke></PolygonSymbolizer></Rule>
      </FeatureTypeStyle>
    </UserStyle>
  </NamedLayer>
</StyledLayerDescriptor>
